package io.hearth.promql.eval;

import io.hearth.promql.ast.Expr;
import io.hearth.promql.parser.ParseException;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conformance test script (FORMAT.md): parsed into commands, then run by {@link CorpusRunner}
 * against an {@link Engine} over the data of a {@link CorpusStore}. Each {@code eval} is one case with a pass/fail outcome.
 */
final class Script {
    sealed interface Command permits Clear, Load, Eval {}

    record Clear() implements Command {}

    record Load(long interval, boolean nhcb, List<String> lines, int line) implements Command {}

    record Expectation(String type, String msg, String regex) {
        boolean matches(String s) {
            if (msg != null) {
                return msg.equals(s);
            }
            if (regex != null) {
                return Pattern.compile(regex).matcher(s).find();
            }
            return true;
        }
    }

    record Eval(int line, String query, boolean range, long start, long end, long step, List<Expectation> expects,
            List<SeriesLines.Parsed> series, Double scalar, String string, boolean ordered, Long rvFrom, Long rvTo,
            Long rvStep) implements Command {
        String key(String file) {
            return file + ":" + line;
        }
    }

    private static final Pattern INSTANT = Pattern.compile("^eval(?:_(fail|warn|info|ordered))?\\s+instant\\s+at\\s+(\\S+)\\s+(.*)$");
    private static final Pattern RANGE = Pattern.compile(
            "^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)\\s+(.*)$");
    private static final Pattern EXPECT = Pattern.compile("^expect\\s+(\\w+)(?:\\s+(msg|regex):\\s*(.*))?$");
    private static final Pattern RANGE_VECTOR = Pattern.compile("^expect range vector from (\\S+) to (\\S+) step (\\S+)$");
    private static final Pattern DUR = Pattern.compile("(\\d+)(y|w|d|h|ms|m|s)");

    final String file;
    final List<Command> commands = new ArrayList<>();

    Script(String file, String text) throws SeriesLines.SyntaxError {
        this.file = file;
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String t = raw.strip();
            lines.add(t.startsWith("#") ? "" : t);
        }
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                i++;
                continue;
            }
            String word = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            int header = i + 1;
            if (word.equals("clear")) {
                commands.add(new Clear());
                i++;
            } else if (word.startsWith("load")) {
                String[] parts = line.split("\\s+");
                List<String> body = new ArrayList<>();
                i++;
                while (i < lines.size() && !lines.get(i).isEmpty()) {
                    body.add(lines.get(i++));
                }
                commands.add(new Load(duration(parts[1]), parts[0].equals("load_with_nhcb"), body, header));
            } else if (word.startsWith("eval")) {
                i++;
                Matcher im = INSTANT.matcher(line);
                Matcher rm = RANGE.matcher(line);
                String legacy;
                String query;
                boolean range;
                long start;
                long end;
                long step = 0;
                if (im.matches()) {
                    legacy = im.group(1);
                    start = duration(im.group(2));
                    end = start;
                    query = im.group(3);
                    range = false;
                } else if (rm.matches()) {
                    legacy = rm.group(1);
                    start = duration(rm.group(2));
                    end = duration(rm.group(3));
                    step = duration(rm.group(4));
                    query = rm.group(5);
                    range = true;
                } else {
                    throw new SeriesLines.SyntaxError("bad eval header at line " + header + ": " + line);
                }
                List<Expectation> ex = new ArrayList<>();
                if (legacy != null) {
                    ex.add(new Expectation(legacy, null, null));
                }
                List<SeriesLines.Parsed> series = new ArrayList<>();
                Double scalar = null;
                String string = null;
                Long rvFrom = null;
                Long rvTo = null;
                Long rvStep = null;
                while (i < lines.size() && !lines.get(i).isEmpty()) {
                    String b = lines.get(i++);
                    if (b.startsWith("expect range vector")) {
                        Matcher m = RANGE_VECTOR.matcher(b);
                        if (!m.matches()) {
                            throw new SeriesLines.SyntaxError("bad range vector line " + b);
                        }
                        rvFrom = duration(m.group(1));
                        rvTo = duration(m.group(2));
                        rvStep = duration(m.group(3));
                        continue;
                    }
                    if (b.startsWith("expect string")) {
                        String q = b.substring("expect string ".length());
                        try {
                            string = io.hearth.promql.lexer.Unquote.unquote(q);
                        } catch (Exception e) {
                            throw new SeriesLines.SyntaxError("bad string " + q);
                        }
                        continue;
                    }
                    if (b.split(" ", 2)[0].equals("expect")) {
                        Matcher m = EXPECT.matcher(b);
                        if (!m.matches()) {
                            throw new SeriesLines.SyntaxError("bad expect line " + b);
                        }
                        String type = m.group(1);
                        ex.add(new Expectation(type, "msg".equals(m.group(2)) ? m.group(3).strip() : null,
                                "regex".equals(m.group(2)) ? m.group(3).strip() : null));
                        continue;
                    }
                    Double num = number(b);
                    if (num != null) {
                        scalar = num;
                        break;
                    }
                    series.add(SeriesLines.parse(b));
                }
                boolean ordered = ex.stream().anyMatch(e -> e.type().equals("ordered"));
                commands.add(new Eval(header, query, range, start, end, step, ex, series, scalar, string, ordered, rvFrom,
                        rvTo, rvStep));
            } else {
                throw new SeriesLines.SyntaxError("invalid command at line " + header + ": " + line);
            }
        }
    }

    static Double number(String s) {
        try {
            if (s.isEmpty() || s.contains(" ")) {
                return null;
            }
            return SeriesLines.num(s);
        } catch (SeriesLines.SyntaxError | RuntimeException e) {
            return null;
        }
    }

    static long duration(String s) throws SeriesLines.SyntaxError {
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = DUR.matcher(s);
        long total = 0;
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) {
                throw new SeriesLines.SyntaxError("bad duration " + s);
            }
            pos = m.end();
            long n = Long.parseLong(m.group(1));
            total += n * switch (m.group(2)) {
                case "y" -> 365L * 86_400_000;
                case "w" -> 7L * 86_400_000;
                case "d" -> 86_400_000L;
                case "h" -> 3_600_000L;
                case "m" -> 60_000L;
                case "s" -> 1000L;
                default -> 1L;
            };
        }
        if (pos != s.length() || pos == 0) {
            throw new SeriesLines.SyntaxError("bad duration " + s);
        }
        return total;
    }

    // ---------------------------------------------------------------- running

    /** Loads a block into the store. */
    static void load(CorpusStore store, Load l) throws SeriesLines.SyntaxError {
        LinkedHashMap<Labels, List<SeriesLines.Item>> block = new LinkedHashMap<>();
        Map<Labels, List<Long>> sts = new HashMap<>();
        for (String line : l.lines()) {
            SeriesLines.Parsed p = SeriesLines.parse(line);
            if (p.startTimestamps()) {
                sts.put(p.labels(), SeriesLines.parseStartOffsets(line));
                continue;
            }
            block.put(p.labels(), p.items());
        }
        for (Map.Entry<Labels, List<SeriesLines.Item>> e : block.entrySet()) {
            List<Long> st = sts.get(e.getKey());
            List<SeriesLines.Item> items = e.getValue();
            for (int k = 0; k < items.size(); k++) {
                SeriesLines.Item it = items.get(k);
                if (!it.present()) {
                    continue;
                }
                long t = k * l.interval();
                long s = st != null && k < st.size() && st.get(k) != null ? t + st.get(k) : 0;
                if (it.h() != null) {
                    store.append(e.getKey(), t, it.h(), s);
                } else {
                    store.append(e.getKey(), t, it.f(), s);
                }
            }
        }
        if (l.nhcb()) {
            loadNhcb(store, l, block);
        }
    }

    private static void loadNhcb(CorpusStore store, Load l, Map<Labels, List<SeriesLines.Item>> block) {
        record Group(TreeMap<Double, List<SeriesLines.Item>> buckets, List<List<SeriesLines.Item>> sum,
                List<List<SeriesLines.Item>> count) {}
        LinkedHashMap<Labels, Group> groups = new LinkedHashMap<>();
        for (Map.Entry<Labels, List<SeriesLines.Item>> e : block.entrySet()) {
            String name = e.getKey().get(Labels.METRIC_NAME);
            String base;
            int kind;
            if (name.endsWith("_bucket")) {
                base = name.substring(0, name.length() - 7);
                kind = 0;
            } else if (name.endsWith("_sum")) {
                base = name.substring(0, name.length() - 4);
                kind = 1;
            } else if (name.endsWith("_count")) {
                base = name.substring(0, name.length() - 6);
                kind = 2;
            } else {
                continue;
            }
            TreeMap<String, String> m = e.getKey().toMap();
            m.put(Labels.METRIC_NAME, base);
            String le = m.remove("le");
            Group g = groups.computeIfAbsent(Labels.of(m), x -> new Group(new TreeMap<>(), new ArrayList<>(), new ArrayList<>()));
            if (kind == 0) {
                double b;
                try {
                    b = le == null ? Double.NaN : HistogramFunctions.parseLe(le);
                } catch (NumberFormatException ex) {
                    continue;
                }
                if (Double.isNaN(b)) {
                    continue;
                }
                g.buckets().put(b, e.getValue());
            } else if (kind == 1) {
                g.sum().add(e.getValue());
            } else {
                g.count().add(e.getValue());
            }
        }
        for (Map.Entry<Labels, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            int len = 0;
            for (List<SeriesLines.Item> s : g.buckets().values()) {
                len = Math.max(len, s.size());
            }
            for (List<SeriesLines.Item> s : g.sum()) {
                len = Math.max(len, s.size());
            }
            for (List<SeriesLines.Item> s : g.count()) {
                len = Math.max(len, s.size());
            }
            for (int k = 0; k < len; k++) {
                boolean any = false;
                List<Double> bounds = new ArrayList<>();
                List<Double> cum = new ArrayList<>();
                for (Map.Entry<Double, List<SeriesLines.Item>> b : g.buckets().entrySet()) {
                    SeriesLines.Item it = k < b.getValue().size() ? b.getValue().get(k) : SeriesLines.Item.OMITTED;
                    if (it.present() && it.h() == null && !MemorySeriesSource.isStale(it.f())) {
                        any = true;
                        bounds.add(b.getKey());
                        cum.add(it.f());
                    }
                }
                double sum = 0;
                Double count = null;
                for (List<SeriesLines.Item> s : g.sum()) {
                    if (k < s.size() && s.get(k).present() && s.get(k).h() == null) {
                        sum = s.get(k).f();
                        any = true;
                    }
                }
                for (List<SeriesLines.Item> s : g.count()) {
                    if (k < s.size() && s.get(k).present() && s.get(k).h() == null) {
                        count = s.get(k).f();
                        any = true;
                    }
                }
                if (!any) {
                    continue;
                }
                if (bounds.isEmpty() || bounds.get(bounds.size() - 1) != Double.POSITIVE_INFINITY) {
                    bounds.add(Double.POSITIVE_INFINITY);
                    cum.add(count != null ? count : (cum.isEmpty() ? 0 : cum.get(cum.size() - 1)));
                }
                double total = count != null ? count : cum.get(cum.size() - 1);
                int nb = bounds.size();
                double[] custom = new double[nb - 1];
                for (int i = 0; i < nb - 1; i++) {
                    custom[i] = bounds.get(i);
                }
                List<Integer> idx = new ArrayList<>();
                List<Double> cnt = new ArrayList<>();
                double prev = 0;
                for (int i = 0; i < nb; i++) {
                    double c = cum.get(i) - prev;
                    prev = cum.get(i);
                    if (c != 0) {
                        idx.add(i);
                        cnt.add(c);
                    }
                }
                FloatHistogram h = new FloatHistogram(FloatHistogram.CUSTOM_BUCKETS, 0, 0, total, sum,
                        idx.stream().mapToInt(Integer::intValue).toArray(),
                        cnt.stream().mapToDouble(Double::doubleValue).toArray(), new int[0], new double[0], custom,
                        FloatHistogram.Hint.UNKNOWN);
                store.append(e.getKey(), k * l.interval(), h, 0);
            }
        }
    }

    static Expr parse(String q) throws ParseException {
        return Parser.parse(q, ParserOptions.ALL);
    }
}
