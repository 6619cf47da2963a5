package io.hearth.promql.eval;

import io.hearth.promql.lexer.Unquote;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The series notation of the conformance scripts (FORMAT.md section 4): a label set followed by
 * value items ({@code 1 _ stale 0+10x3 {{schema:0 count:1}}x2}).
 */
final class SeriesLines {
    private SeriesLines() {}

    /** One position of an expanded value sequence: absent, float (maybe stale) or histogram. */
    record Item(boolean present, double f, FloatHistogram h, boolean hintAsserted) {
        static final Item OMITTED = new Item(false, 0, null, false);
    }

    record Parsed(Labels labels, List<Item> items, boolean startTimestamps) {}

    static final class SyntaxError extends Exception {
        SyntaxError(String m) {
            super(m);
        }
    }

    static Parsed parse(String line) throws SyntaxError {
        int[] pos = {0};
        Labels labels = parseLabels(line, pos);
        boolean st = false;
        if (line.startsWith("@st", pos[0])) {
            st = true;
            pos[0] += 3;
        }
        String rest = line.substring(pos[0]).strip();
        return new Parsed(labels, st ? List.of() : parseValues(rest), st);
    }

    /** Start-timestamp offsets of an {@code @st} line, in ms; null entries for positions without. */
    static List<Long> parseStartOffsets(String line) throws SyntaxError {
        int[] pos = {0};
        parseLabels(line, pos);
        String rest = line.substring(pos[0] + 3).strip();
        List<Long> out = new ArrayList<>();
        for (String item : rest.split("\\s+")) {
            if (item.isEmpty()) {
                continue;
            }
            if (item.equals("_")) {
                out.add(null);
                continue;
            }
            if (item.startsWith("_x")) {
                int k = Integer.parseInt(item.substring(2));
                for (int i = 0; i < k; i++) {
                    out.add(null);
                }
                continue;
            }
            int x = item.lastIndexOf('x');
            if (x < 0) {
                out.add(dur(item));
                continue;
            }
            int k = Integer.parseInt(item.substring(x + 1));
            String head = item.substring(0, x);
            int opIdx = -1;
            for (int i = 1; i < head.length(); i++) {
                if (head.charAt(i) == '+' || head.charAt(i) == '-') {
                    opIdx = i;
                    break;
                }
            }
            long base = dur(opIdx < 0 ? head : head.substring(0, opIdx));
            long inc = opIdx < 0 ? 0 : dur(head.substring(opIdx + 1)) * (head.charAt(opIdx) == '-' ? -1 : 1);
            for (int i = 0; i <= k; i++) {
                out.add(base + i * inc);
            }
        }
        return out;
    }

    static long dur(String s) throws SyntaxError {
        boolean neg = s.startsWith("-");
        if (s.startsWith("-") || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        long v = Script.duration(s);
        return neg ? -v : v;
    }

    static Labels parseLabels(String line, int[] pos) throws SyntaxError {
        TreeMap<String, String> m = new TreeMap<>();
        int i = 0;
        int n = line.length();
        int start = i;
        while (i < n && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '@') {
            i++;
        }
        String name = line.substring(start, i);
        if (!name.isEmpty()) {
            m.put(Labels.METRIC_NAME, name);
        }
        if (i < n && line.charAt(i) == '{') {
            i++;
            while (true) {
                while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
                    i++;
                }
                if (i >= n) {
                    throw new SyntaxError("unterminated label set");
                }
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                String ln;
                if (line.charAt(i) == '"') {
                    int e = endOfString(line, i);
                    ln = unq(line.substring(i, e));
                    i = e;
                } else {
                    int s = i;
                    while (i < n && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':')) {
                        i++;
                    }
                    ln = line.substring(s, i);
                }
                while (i < n && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) == '=') {
                    i++;
                    while (i < n && line.charAt(i) == ' ') {
                        i++;
                    }
                    int e = endOfString(line, i);
                    m.put(ln, unq(line.substring(i, e)));
                    i = e;
                } else {
                    // a bare quoted metric name inside braces
                    m.put(Labels.METRIC_NAME, ln);
                }
            }
        }
        pos[0] = i;
        return Labels.of(m);
    }

    private static int endOfString(String s, int i) throws SyntaxError {
        char q = s.charAt(i);
        if (q != '"' && q != '\'' && q != '`') {
            throw new SyntaxError("expected string at " + i + " in " + s);
        }
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != q) {
            if (s.charAt(j) == '\\' && q != '`') {
                j++;
            }
            j++;
        }
        return j + 1;
    }

    private static String unq(String s) throws SyntaxError {
        try {
            return Unquote.unquote(s);
        } catch (Unquote.SyntaxException e) {
            throw new SyntaxError("bad string " + s);
        }
    }

    /** Splits on white space outside {{...}}. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '{') {
                depth++;
            } else if (ch == '}') {
                depth--;
            } else if (ch == '[') {
                depth++;
            } else if (ch == ']') {
                depth--;
            }
            if (depth == 0 && Character.isWhitespace(ch)) {
                if (!cur.isEmpty()) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(ch);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    static List<Item> parseValues(String s) throws SyntaxError {
        List<Item> out = new ArrayList<>();
        for (String tok : tokens(s)) {
            if (tok.equals("_")) {
                out.add(Item.OMITTED);
            } else if (tok.startsWith("_x")) {
                int k = Integer.parseInt(tok.substring(2));
                for (int i = 0; i < k; i++) {
                    out.add(Item.OMITTED);
                }
            } else if (tok.equals("stale")) {
                out.add(new Item(true, MemorySeriesSource.STALE_NAN, null, false));
            } else if (tok.startsWith("{{")) {
                histItems(tok, out);
            } else {
                floatItems(tok, out);
            }
        }
        return out;
    }

    private static void histItems(String tok, List<Item> out) throws SyntaxError {
        int end = tok.indexOf("}}");
        String a = tok.substring(0, end + 2);
        String rest = tok.substring(end + 2);
        boolean[] asserted = new boolean[1];
        FloatHistogram h = histogram(a, asserted);
        if (rest.isEmpty()) {
            out.add(new Item(true, 0, h, asserted[0]));
            return;
        }
        if (rest.startsWith("x")) {
            int k = Integer.parseInt(rest.substring(1));
            for (int i = 0; i <= k; i++) {
                out.add(new Item(true, 0, h, asserted[0]));
            }
            return;
        }
        char op = rest.charAt(0);
        int e2 = rest.indexOf("}}");
        boolean[] asserted2 = new boolean[1];
        FloatHistogram inc = histogram(rest.substring(1, e2 + 2), asserted2);
        int k = Integer.parseInt(rest.substring(e2 + 3));
        FloatHistogram cur = h;
        for (int i = 0; i <= k; i++) {
            out.add(new Item(true, 0, cur, asserted2[0]));
            try {
                cur = cur.add(inc, op == '-' ? -1 : 1);
            } catch (IllegalArgumentException ex) {
                throw new SyntaxError(ex.getMessage());
            }
        }
    }

    static FloatHistogram histogram(String lit, boolean[] hintAsserted) throws SyntaxError {
        String body = lit.substring(2, lit.length() - 2).strip();
        int schema = 0;
        double sum = 0;
        double count = 0;
        double zb = 0;
        double zw = 0;
        double[] buckets = new double[0];
        double[] nbuckets = new double[0];
        int offset = 0;
        int noffset = 0;
        double[] custom = null;
        FloatHistogram.Hint hint = FloatHistogram.Hint.UNKNOWN;
        int i = 0;
        while (i < body.length()) {
            while (i < body.length() && body.charAt(i) == ' ') {
                i++;
            }
            if (i >= body.length()) {
                break;
            }
            int colon = body.indexOf(':', i);
            String key = body.substring(i, colon).toLowerCase(Locale.ROOT);
            int vs = colon + 1;
            int ve;
            if (vs < body.length() && body.charAt(vs) == '[') {
                ve = body.indexOf(']', vs) + 1;
            } else {
                ve = body.indexOf(' ', vs);
                if (ve < 0) {
                    ve = body.length();
                }
            }
            String val = body.substring(vs, ve);
            i = ve;
            switch (key) {
                case "schema" -> schema = Integer.parseInt(val);
                case "sum" -> sum = num(val);
                case "count" -> count = num(val);
                case "z_bucket" -> zb = num(val);
                case "z_bucket_w" -> zw = num(val);
                case "buckets" -> buckets = list(val);
                case "n_buckets" -> nbuckets = list(val);
                case "offset" -> offset = Integer.parseInt(val);
                case "n_offset" -> noffset = Integer.parseInt(val);
                case "custom_values" -> custom = list(val);
                case "counter_reset_hint" -> {
                    hint = FloatHistogram.Hint.valueOf(val.toUpperCase(Locale.ROOT));
                    hintAsserted[0] = true;
                }
                default -> throw new SyntaxError("unknown histogram key " + key);
            }
        }
        int[] pi = new int[buckets.length];
        for (int j = 0; j < pi.length; j++) {
            pi[j] = offset + j;
        }
        int[] ni = new int[nbuckets.length];
        for (int j = 0; j < ni.length; j++) {
            ni[j] = noffset + j;
        }
        return new FloatHistogram(schema, zw, zb, count, sum, pi, buckets, ni, nbuckets, custom, hint);
    }

    private static double[] list(String v) throws SyntaxError {
        String in = v.substring(1, v.length() - 1).strip();
        if (in.isEmpty()) {
            return new double[0];
        }
        String[] parts = in.split("\\s+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = num(parts[i]);
        }
        return out;
    }

    static double num(String s) throws SyntaxError {
        String t = s.toLowerCase(Locale.ROOT);
        String body = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        double sign = t.startsWith("-") ? -1 : 1;
        if (body.equals("inf")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (body.equals("nan")) {
            return Double.NaN;
        }
        try {
            if (body.startsWith("0x")) {
                return sign * Long.parseLong(body.substring(2), 16);
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new SyntaxError("bad number " + s);
        }
    }

    private static void floatItems(String tok, List<Item> out) throws SyntaxError {
        int x = tok.indexOf('x');
        if (x < 0) {
            out.add(new Item(true, num(tok), null, false));
            return;
        }
        int k = Integer.parseInt(tok.substring(x + 1));
        String head = tok.substring(0, x);
        int opIdx = -1;
        for (int i = 1; i < head.length(); i++) {
            char ch = head.charAt(i);
            if ((ch == '+' || ch == '-') && Character.toLowerCase(head.charAt(i - 1)) != 'e') {
                opIdx = i;
                break;
            }
        }
        double base = num(opIdx < 0 ? head : head.substring(0, opIdx));
        double inc = opIdx < 0 ? 0 : num(head.substring(opIdx + 1)) * (head.charAt(opIdx) == '-' ? -1 : 1);
        double v = base;
        for (int i = 0; i <= k; i++) {
            out.add(new Item(true, v, null, false));
            v += inc;
        }
    }
}
