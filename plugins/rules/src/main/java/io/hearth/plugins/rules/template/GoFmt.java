package io.hearth.plugins.rules.template;

import io.hearth.spi.storage.FloatHistogram;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code fmt} for template values: how a value prints ({@code %v}), {@code print},
 * {@code println} and {@code printf} with the verbs rule templates use ({@code %s %d %f %e %g %v
 * %q %x %X %t %c %%}, flags {@code -+ #0}, width and precision), and the {@code %!verb(type=value)}
 * text Go writes for a mismatched argument.
 *
 * <p>Values are Java objects standing for Go ones: {@link String}, {@link Long} (int),
 * {@link Double} (float64), {@link Boolean}, null (nil), {@link List} (slice), and
 * {@link GoObject}s.
 */
public final class GoFmt {

    private GoFmt() {
    }

    /** @return the Go type name of a value, as {@code %T} and error messages write it */
    public static String typeName(Object v) {
        if (v == null) {
            return "<nil>";
        }
        return switch (v) {
            case String s -> "string";
            case Long l -> "int";
            case Double d -> "float64";
            case Boolean b -> "bool";
            case GoObject o -> o.goType();
            case FloatHistogram h -> "*histogram.FloatHistogram";
            case List<?> l -> "[]interface {}";
            default -> v.getClass().getSimpleName();
        };
    }

    /** {@code fmt.Sprint(v)}: how an action prints its value. */
    public static String value(Object v) {
        StringBuilder sb = new StringBuilder();
        appendValue(sb, v);
        return sb.toString();
    }

    private static void appendValue(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("<nil>");
            case String s -> sb.append(s);
            case Long l -> sb.append(l.longValue());
            case Double d -> sb.append(GoFloat.format(d, 'g', -1));
            case Boolean b -> sb.append(b.booleanValue());
            case GoMap m -> {
                sb.append("map[");
                boolean first = true;
                for (Map.Entry<String, Object> e : m.entries().entrySet()) {
                    if (!first) {
                        sb.append(' ');
                    }
                    first = false;
                    sb.append(e.getKey()).append(':');
                    appendValue(sb, e.getValue());
                }
                sb.append(']');
            }
            case GoStruct s -> {
                sb.append('{');
                boolean first = true;
                for (Object f : s.fields().values()) {
                    if (!first) {
                        sb.append(' ');
                    }
                    first = false;
                    appendValue(sb, f);
                }
                sb.append('}');
            }
            case TemplateSample s -> {
                sb.append("&{");
                appendValue(sb, s.labels());
                sb.append(' ');
                appendValue(sb, s.value());
                sb.append('}');
            }
            case QueryResult r -> appendList(sb, r.samples());
            case List<?> l -> appendList(sb, l);
            default -> sb.append(v); // GoTime, GoDuration, histograms: their String methods
        }
    }

    private static void appendList(StringBuilder sb, List<?> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            appendValue(sb, list.get(i));
        }
        sb.append(']');
    }

    /** {@code fmt.Sprint}: operands printed one after the other, a space between two that are not strings. */
    public static String sprint(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0 && !(args.get(i) instanceof String) && !(args.get(i - 1) instanceof String)) {
                sb.append(' ');
            }
            appendValue(sb, args.get(i));
        }
        return sb.toString();
    }

    /** {@code fmt.Sprintln}: operands separated by spaces, then a newline. */
    public static String sprintln(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            appendValue(sb, args.get(i));
        }
        return sb.append('\n').toString();
    }

    /** {@code fmt.Sprintf}. */
    public static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder(format.length() + 16);
        int argIndex = 0;
        int i = 0;
        int n = format.length();
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= n) {
                out.append("%!(NOVERB)");
                break;
            }
            boolean minus = false;
            boolean plus = false;
            boolean sharp = false;
            boolean zero = false;
            boolean space = false;
            for (; i < n; i++) {
                char f = format.charAt(i);
                if (f == '-') {
                    minus = true;
                } else if (f == '+') {
                    plus = true;
                } else if (f == '#') {
                    sharp = true;
                } else if (f == '0') {
                    zero = true;
                } else if (f == ' ') {
                    space = true;
                } else {
                    break;
                }
            }
            int width = -1;
            if (i < n && format.charAt(i) == '*') {
                i++;
                if (argIndex < args.size() && args.get(argIndex) instanceof Long w) {
                    width = (int) (long) w;
                    argIndex++;
                } else {
                    out.append("%!(BADWIDTH)");
                    argIndex++;
                }
            } else {
                int start = i;
                while (i < n && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    width = Integer.parseInt(format.substring(start, i));
                }
            }
            int precision = -1;
            if (i < n && format.charAt(i) == '.') {
                i++;
                int start = i;
                while (i < n && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= n) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argIndex >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object arg = args.get(argIndex++);
            String body = formatOne(verb, arg, precision, plus, sharp, space);
            pad(out, body, width, minus, zero && !minus && isNumeric(arg, verb));
        }
        if (argIndex < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argIndex; k < args.size(); k++) {
                if (k > argIndex) {
                    out.append(", ");
                }
                out.append(typeName(args.get(k))).append('=').append(value(args.get(k)));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static boolean isNumeric(Object arg, char verb) {
        return (arg instanceof Long || arg instanceof Double) && verb != 's' && verb != 'q';
    }

    private static void pad(StringBuilder out, String body, int width, boolean left, boolean zeros) {
        int fill = width - body.codePointCount(0, body.length());
        if (fill <= 0) {
            out.append(body);
        } else if (left) {
            out.append(body).append(" ".repeat(fill));
        } else if (zeros) {
            int sign = !body.isEmpty() && (body.charAt(0) == '-' || body.charAt(0) == '+') ? 1 : 0;
            out.append(body, 0, sign).append("0".repeat(fill)).append(body, sign, body.length());
        } else {
            out.append(" ".repeat(fill)).append(body);
        }
    }

    private static String formatOne(char verb, Object arg, int precision, boolean plus, boolean sharp, boolean space) {
        switch (verb) {
            case 'v' -> {
                if (arg instanceof Double d) {
                    return sign(GoFloat.format(d, 'g', precision < 0 ? -1 : precision), plus, space);
                }
                if (arg instanceof Long l) {
                    return sign(Long.toString(l), plus, space);
                }
                return value(arg);
            }
            case 'T' -> {
                return typeName(arg);
            }
            case 'd' -> {
                if (arg instanceof Long l) {
                    return sign(Long.toString(l), plus, space);
                }
            }
            case 'b', 'o' -> {
                if (arg instanceof Long l) {
                    return Long.toString(l, verb == 'b' ? 2 : 8);
                }
            }
            case 'c' -> {
                if (arg instanceof Long l) {
                    return new String(Character.toChars((int) (long) l));
                }
            }
            case 'x', 'X' -> {
                String hex = null;
                if (arg instanceof Long l) {
                    hex = (l < 0 ? "-" : "") + (sharp ? "0x" : "") + Long.toHexString(Math.abs(l));
                } else if (arg instanceof String s) {
                    StringBuilder sb = new StringBuilder();
                    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
                        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
                    }
                    hex = sb.toString();
                }
                if (hex != null) {
                    return verb == 'X' ? hex.toUpperCase(java.util.Locale.ROOT) : hex;
                }
            }
            case 'e', 'E', 'f', 'F', 'g', 'G' -> {
                if (arg instanceof Double d) {
                    char f = Character.toLowerCase(verb);
                    int p = precision < 0 ? (f == 'g' ? -1 : 6) : precision;
                    String s = sign(GoFloat.format(d, f, p), plus, space);
                    return Character.isUpperCase(verb) ? s.toUpperCase(java.util.Locale.ROOT) : s;
                }
            }
            case 's' -> {
                if (arg instanceof String s) {
                    return precision >= 0 && precision < s.length() ? s.substring(0, precision) : s;
                }
                if (arg instanceof GoTime || arg instanceof GoDuration || arg instanceof FloatHistogram) {
                    return arg.toString();
                }
                if (arg instanceof List<?> || arg instanceof GoMap || arg instanceof QueryResult) {
                    return value(arg);
                }
            }
            case 'q' -> {
                if (arg instanceof String s) {
                    return quote(s);
                }
                if (arg instanceof Long l) {
                    return "'" + new String(Character.toChars((int) (long) l)) + "'";
                }
            }
            case 't' -> {
                if (arg instanceof Boolean b) {
                    return b.toString();
                }
            }
            default -> {
                // falls through to the bad-verb text
            }
        }
        return "%!" + verb + "(" + typeName(arg) + "=" + value(arg) + ")";
    }

    private static String sign(String s, boolean plus, boolean space) {
        if (s.startsWith("-") || s.startsWith("+")) {
            return s;
        }
        return plus ? "+" + s : space ? " " + s : s;
    }

    /** Go's {@code strconv.Quote}: double quotes, Go escapes, non-printable runes as {@code \\u}. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case 11 -> sb.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        sb.append(String.format("\\x%02x", cp));
                    } else if (!Character.isDefined(cp) || Character.getType(cp) == Character.CONTROL) {
                        sb.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }
}
