package io.hearth.kernel.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} text (a query string or a form body) read as
 * Prometheus's Go server reads it ({@code url.ParseQuery}): pairs split at {@code &}, a pair
 * without {@code =} kept with an empty value, percent escapes and {@code +} decoded; a pair that
 * holds a semicolon or a malformed escape is left out, and the reading goes on. The first such
 * fault is kept, for the endpoints that refuse a request with one (Prometheus's series and rules
 * say "error parsing form values: ..."); the others answer from the pairs that decoded.
 *
 * @param values the decoded values by name, in the order sent
 * @param error Go's text for the fault that counts (a semicolon's wins over an escape's, as in
 *     Go), or null
 */
public record UrlEncodedForm(Map<String, List<String>> values, String error) {

    private static final UrlEncodedForm EMPTY = new UrlEncodedForm(Map.of(), null);

    /** Reads a raw query string (null or empty: no values). */
    public static UrlEncodedForm parse(String raw) {
        return raw == null || raw.isEmpty() ? EMPTY : parse(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a form body, its bytes as sent (Go reads no charset parameter). */
    public static UrlEncodedForm parse(byte[] text) {
        Map<String, List<String>> values = new HashMap<>();
        String error = null;
        int from = 0;
        while (from < text.length) {
            int end = indexOf(text, (byte) '&', from, text.length);
            int pairEnd = end < 0 ? text.length : end;
            int pairStart = from;
            from = end < 0 ? text.length : end + 1;
            if (indexOf(text, (byte) ';', pairStart, pairEnd) >= 0) {
                error = "invalid semicolon separator in query";
                continue;
            }
            if (pairStart == pairEnd) {
                continue;
            }
            int equals = indexOf(text, (byte) '=', pairStart, pairEnd);
            int nameEnd = equals < 0 ? pairEnd : equals;
            // the name and the value are unescaped apart, so an escape cut short by '=' is the name's
            String fault = fault(text, pairStart, nameEnd);
            if (fault == null && equals >= 0) {
                fault = fault(text, equals + 1, pairEnd);
            }
            if (fault != null) {
                error = error == null ? fault : error;
                continue;
            }
            String name = unescape(text, pairStart, nameEnd);
            String value = equals < 0 ? "" : unescape(text, equals + 1, pairEnd);
            values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
        }
        return new UrlEncodedForm(values, error);
    }

    /** Go's error for the first malformed percent escape in {@code text[from, to)}, or null. */
    private static String fault(byte[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] == '%'
                    && (i + 2 >= to || !HexFormat.isHexDigit(text[i + 1]) || !HexFormat.isHexDigit(text[i + 2]))) {
                // the escape as far as it goes, three bytes at most, quoted as Go's strconv.Quote
                String escape = new String(text, i, Math.min(3, to - i), StandardCharsets.UTF_8);
                return "invalid URL escape " + quoted(escape);
            }
        }
        return null;
    }

    private static String unescape(byte[] text, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = text[i];
            if (b == '%') {
                out.write(HexFormat.fromHexDigit(text[i + 1]) << 4 | HexFormat.fromHexDigit(text[i + 2]));
                i += 2;
            } else {
                out.write(b == '+' ? ' ' : b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] text, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Double quotes around {@code s}, with quotes, backslashes and control characters escaped as Go does. */
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
