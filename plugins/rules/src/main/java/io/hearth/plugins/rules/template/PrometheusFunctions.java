package io.hearth.plugins.rules.template;

import io.hearth.spi.storage.Re2Pattern;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The template functions Prometheus gives alert labels and annotations: {@code query},
 * {@code first}, {@code label}, {@code value}, {@code strvalue}, {@code sortByLabel},
 * {@code args}, the {@code humanize} family, {@code toTime}, {@code toDuration}, {@code now},
 * {@code parseDuration}, {@code match}, {@code reReplaceAll}, {@code title}, {@code toUpper},
 * {@code toLower}, {@code stripPort}, {@code stripDomain}, {@code safeHtml}, {@code graphLink},
 * {@code tableLink}, {@code pathPrefix}, {@code externalURL} and {@code urlQueryEscape}, with
 * Prometheus's outputs and error texts.
 */
public final class PrometheusFunctions {

    /** Runs a PromQL instant query at the evaluation time, for the {@code query} function. */
    @FunctionalInterface
    public interface Query {
        /**
         * @param expression the PromQL expression
         * @return its samples (a scalar as one sample without labels)
         * @throws Exception with the message the template error should carry
         */
        QueryResult run(String expression) throws Exception;
    }

    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?((\\d[\\d_]*\\.?[\\d_]*|\\.\\d[\\d_]*)([eE][+-]?\\d+)?|0[xX][0-9a-fA-F_.]+([pP][+-]?\\d+)?"
                    + "|(?i:inf|infinity|nan))");
    private static final Pattern DURATION = Pattern.compile(
            "(-?)(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

    /** The functions' names, for parsing templates before an evaluation binds them. */
    public static final java.util.Set<String> NAMES = java.util.Set.copyOf(of(q -> null, 0, "").keySet());

    private PrometheusFunctions() {
    }

    /**
     * @param query runs {@code query} calls
     * @param timestampMillis the evaluation time ({@code now})
     * @param externalUrl the server's external URL ({@code externalURL}, {@code pathPrefix})
     * @return the functions by name
     */
    public static Map<String, TemplateFunction> of(Query query, long timestampMillis, String externalUrl) {
        Map<String, TemplateFunction> f = new HashMap<>();
        f.put("query", args -> {
            TemplateFunction.arity("query", args, 1);
            try {
                return query.run(TemplateFunction.string(args, 0));
            } catch (TemplateException.BadArguments e) {
                throw e;
            } catch (Exception e) {
                throw new TemplateException.Failure(e.getMessage());
            }
        });
        f.put("first", args -> {
            TemplateFunction.arity("first", args, 1);
            QueryResult r = result(args.get(0));
            if (r.samples().isEmpty()) {
                throw new TemplateException.Failure("first() called on vector with no elements");
            }
            return r.samples().get(0);
        });
        f.put("label", args -> {
            TemplateFunction.arity("label", args, 2);
            String label = TemplateFunction.string(args, 0);
            return (String) sample(args.get(1)).labels().select(label, List.of());
        });
        f.put("value", args -> {
            TemplateFunction.arity("value", args, 1);
            return sample(args.get(0)).value();
        });
        f.put("strvalue", args -> {
            TemplateFunction.arity("strvalue", args, 1);
            return sample(args.get(0)).labels().select("__value__", List.of());
        });
        f.put("args", args -> {
            TreeMap<String, Object> m = new TreeMap<>();
            for (int i = 0; i < args.size(); i++) {
                m.put("arg" + i, args.get(i));
            }
            return new GoMap(m, null, "map[string]interface {}");
        });
        f.put("reReplaceAll", args -> {
            TemplateFunction.arity("reReplaceAll", args, 3);
            String pattern = TemplateFunction.string(args, 0);
            String replacement = TemplateFunction.string(args, 1);
            String text = TemplateFunction.string(args, 2);
            Pattern p;
            try {
                p = Re2Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new TemplateException.Failure("regexp: Compile(" + GoFmt.quote(pattern) + "): error parsing regexp: "
                        + e.getDescription());
            }
            return replaceAll(p, replacement, text);
        });
        f.put("safeHtml", args -> {
            TemplateFunction.arity("safeHtml", args, 1);
            return TemplateFunction.string(args, 0);
        });
        f.put("match", args -> {
            TemplateFunction.arity("match", args, 2);
            String pattern = TemplateFunction.string(args, 0);
            String text = TemplateFunction.string(args, 1);
            try {
                return Re2Pattern.compile(pattern).matcher(text).find();
            } catch (PatternSyntaxException e) {
                throw new TemplateException.Failure("error parsing regexp: " + e.getDescription());
            }
        });
        f.put("title", args -> {
            TemplateFunction.arity("title", args, 1);
            return title(TemplateFunction.string(args, 0));
        });
        f.put("toUpper", args -> {
            TemplateFunction.arity("toUpper", args, 1);
            return TemplateFunction.string(args, 0).toUpperCase(java.util.Locale.ROOT);
        });
        f.put("toLower", args -> {
            TemplateFunction.arity("toLower", args, 1);
            return TemplateFunction.string(args, 0).toLowerCase(java.util.Locale.ROOT);
        });
        f.put("graphLink", args -> {
            TemplateFunction.arity("graphLink", args, 1);
            return "/graph?g0.expr=" + UrlQuery.escape(TemplateFunction.string(args, 0)) + "&g0.tab=0";
        });
        f.put("tableLink", args -> {
            TemplateFunction.arity("tableLink", args, 1);
            return "/graph?g0.expr=" + UrlQuery.escape(TemplateFunction.string(args, 0)) + "&g0.tab=1";
        });
        f.put("sortByLabel", args -> {
            TemplateFunction.arity("sortByLabel", args, 2);
            String label = TemplateFunction.string(args, 0);
            List<TemplateSample> sorted = new ArrayList<>(result(args.get(1)).samples());
            sorted.sort(Comparator.comparing(s -> (String) s.labels().select(label, List.of())));
            return new QueryResult(sorted);
        });
        f.put("stripPort", args -> {
            TemplateFunction.arity("stripPort", args, 1);
            String hostPort = TemplateFunction.string(args, 0);
            String[] split = HostPort.split(hostPort);
            return split == null ? hostPort : split[0];
        });
        f.put("stripDomain", args -> {
            TemplateFunction.arity("stripDomain", args, 1);
            String hostPort = TemplateFunction.string(args, 0);
            String[] split = HostPort.split(hostPort);
            String host = split == null ? hostPort : split[0];
            String port = split == null ? "" : split[1];
            if (HostPort.isIp(host)) {
                return hostPort;
            }
            int dot = host.indexOf('.');
            host = dot < 0 ? host : host.substring(0, dot);
            if (!port.isEmpty()) {
                return HostPort.join(host, port);
            }
            return host;
        });
        f.put("humanize", args -> {
            TemplateFunction.arity("humanize", args, 1);
            return Humanize.si(toFloat(args.get(0)));
        });
        f.put("humanize1024", args -> {
            TemplateFunction.arity("humanize1024", args, 1);
            return Humanize.binary(toFloat(args.get(0)));
        });
        f.put("humanizeDuration", args -> {
            TemplateFunction.arity("humanizeDuration", args, 1);
            return Humanize.duration(toFloat(args.get(0)));
        });
        f.put("humanizePercentage", args -> {
            TemplateFunction.arity("humanizePercentage", args, 1);
            return GoFloat.format(toFloat(args.get(0)) * 100, 'g', 4) + "%";
        });
        f.put("humanizeTimestamp", args -> {
            TemplateFunction.arity("humanizeTimestamp", args, 1);
            double v = toFloat(args.get(0));
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return GoFloat.format(v, 'g', 4);
            }
            return toTime(v).toString();
        });
        f.put("toTime", args -> {
            TemplateFunction.arity("toTime", args, 1);
            double v = toFloat(args.get(0));
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new TemplateException.Failure("value is NaN or Inf");
            }
            return toTime(v);
        });
        f.put("toDuration", args -> {
            TemplateFunction.arity("toDuration", args, 1);
            return new GoDuration((long) (toFloat(args.get(0)) * 1e9));
        });
        f.put("now", args -> {
            TemplateFunction.arity("now", args, 0);
            return timestampMillis / 1000.0;
        });
        f.put("pathPrefix", args -> {
            TemplateFunction.arity("pathPrefix", args, 0);
            try {
                String path = new URI(externalUrl).getRawPath();
                return path == null ? "" : path;
            } catch (java.net.URISyntaxException e) {
                return "";
            }
        });
        f.put("externalURL", args -> {
            TemplateFunction.arity("externalURL", args, 0);
            return externalUrl;
        });
        f.put("parseDuration", args -> {
            TemplateFunction.arity("parseDuration", args, 1);
            return parseDuration(TemplateFunction.string(args, 0));
        });
        f.put("urlQueryEscape", args -> {
            TemplateFunction.arity("urlQueryEscape", args, 1);
            return UrlQuery.escape(TemplateFunction.string(args, 0));
        });
        return f;
    }

    private static QueryResult result(Object v) {
        if (v instanceof QueryResult r) {
            return r;
        }
        throw new TemplateException.BadArguments("wrong type for value; expected template.queryResult; got "
                + GoFmt.typeName(v));
    }

    private static TemplateSample sample(Object v) {
        if (v instanceof TemplateSample s) {
            return s;
        }
        if (v == null) {
            throw new TemplateException.Failure("runtime error: invalid memory address or nil pointer dereference");
        }
        throw new TemplateException.BadArguments("wrong type for value; expected *template.sample; got " + GoFmt.typeName(v));
    }

        /** Prometheus's {@code ConvertToFloat}: floats, ints, numeric strings and durations. */
    static double toFloat(Object v) {
        return switch (v) {
            case Double d -> d;
            case Long l -> l;
            case GoDuration d -> d.nanos() / 1e9;
            case String s -> {
                if (!FLOAT.matcher(s).matches()) {
                    throw new TemplateException.Failure("strconv.ParseFloat: parsing " + GoFmt.quote(s) + ": invalid syntax");
                }
                String t = s.replace("_", "").toLowerCase(java.util.Locale.ROOT);
                String body = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
                double sign = t.startsWith("-") ? -1 : 1;
                if (body.equals("inf") || body.equals("infinity")) {
                    yield sign * Double.POSITIVE_INFINITY;
                }
                if (body.equals("nan")) {
                    yield Double.NaN;
                }
                if (body.startsWith("0x")) {
                    yield sign * Double.parseDouble(body.contains("p") ? body : body + "p0");
                }
                yield Double.parseDouble(t);
            }
            case null, default -> throw new TemplateException.Failure("can't convert " + GoFmt.typeName(v) + " to float");
        };
    }

    /** Prometheus's {@code FloatToTime}: seconds to a time, truncated to milliseconds. */
    private static GoTime toTime(double v) {
        double nanos = v * 1e9;
        if (nanos > Long.MAX_VALUE || nanos < Long.MIN_VALUE) {
            throw new TemplateException.Failure(GoFloat.format(v, 'g', -1)
                    + " cannot be represented as a nanoseconds timestamp since it overflows int64");
        }
        long millis = (long) nanos / 1_000_000L;
        return new GoTime(millis * 1_000_000L);
    }

    /** Prometheus's duration syntax ({@code 1h30m}, {@code -5m}), in seconds. */
    static double parseDuration(String s) {
        if (s.isEmpty()) {
            throw new TemplateException.Failure("empty duration string");
        }
        if (s.equals("0") || s.equals("-0")) {
            return 0;
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches() || s.equals("-")) {
            throw new TemplateException.Failure("not a valid duration string: " + GoFmt.quote(s));
        }
        long[] unitMillis = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
        long total = 0;
        for (int i = 0; i < unitMillis.length; i++) {
            String g = m.group(i + 2);
            if (g != null) {
                total += Long.parseLong(g) * unitMillis[i];
            }
        }
        double seconds = total / 1000.0;
        return m.group(1).isEmpty() ? seconds : -seconds;
    }

    /** Go's {@code Regexp.ReplaceAllString}: {@code $1}, {@code ${1}}, {@code $name}, {@code $$} in the replacement. */
    static String replaceAll(Pattern p, String replacement, String text) {
        Matcher m = p.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        int previousEnd = -1;
        while (m.find()) {
            if (m.start() == m.end() && m.start() == previousEnd) {
                continue; // Go ignores an empty match right after a match
            }
            out.append(text, last, m.start());
            expand(out, replacement, m);
            last = m.end();
            previousEnd = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    private static void expand(StringBuilder out, String template, Matcher m) {
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            int start = i + 1;
            boolean braced = template.charAt(start) == '{';
            int j = braced ? start + 1 : start;
            while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
                j++;
            }
            String name = template.substring(braced ? start + 1 : start, j);
            if (name.isEmpty() || (braced && (j >= template.length() || template.charAt(j) != '}'))) {
                out.append('$');
                i++;
                continue;
            }
            i = braced ? j + 1 : j;
            String group = null;
            if (name.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(name);
                if (index <= m.groupCount()) {
                    group = m.group(index);
                }
            } else {
                try {
                    group = m.group(name);
                } catch (IllegalArgumentException e) {
                    group = null;
                }
            }
            if (group != null) {
                out.append(group);
            }
        }
    }

    /**
     * {@code cases.Title} with {@code NoLower}: the first letter of each word in title case, the rest
     * left alone. Words follow Unicode word boundaries in the common cases: letters, digits and
     * {@code _} join, and {@code . : '} between two letters or digits do not break a word.
     */
    static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean inWord = false;
        int previous = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp) < s.length() ? s.codePointAt(i + Character.charCount(cp)) : -1;
            boolean wordChar = Character.isLetterOrDigit(cp) || cp == '_';
            boolean joiner = (cp == '.' || cp == ':' || cp == '\'' || cp == '\u2019') && previous >= 0
                    && Character.isLetterOrDigit(previous) && next >= 0 && Character.isLetterOrDigit(next);
            if (wordChar && !inWord && Character.isLetter(cp)) {
                sb.appendCodePoint(Character.toTitleCase(cp));
            } else {
                sb.appendCodePoint(cp);
            }
            inWord = wordChar || joiner;
            previous = cp;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}
