package io.hearth.kernel.query;

/**
 * Label names in Prometheus's value-encoding escape, for clients that can only put legacy
 * characters in a URL path: {@code U__} and then the name with {@code __} for an underscore and
 * {@code _hex_} for any other code point ({@code U__http_2e_method} is {@code http.method}).
 */
final class EscapedLabelName {

    private static final String PREFIX = "U__";

    private EscapedLabelName() {
    }

    /** @return the name {@code text} escapes, or {@code text} itself when it is not a well-formed escape */
    static String unescape(String text) {
        if (!text.startsWith(PREFIX)) {
            return text;
        }
        StringBuilder name = new StringBuilder(text.length());
        int i = PREFIX.length();
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c != '_') {
                name.append(c);
                continue;
            }
            if (i == text.length()) {
                return text;
            }
            if (text.charAt(i) == '_') {
                name.append('_');
                i++;
                continue;
            }
            int close = text.indexOf('_', i);
            // at most six hex digits: U+10FFFF
            if (close < 0 || close - i > 6) {
                return text;
            }
            int codePoint = 0;
            for (int j = i; j < close; j++) {
                int digit = Character.digit(text.charAt(j), 16);
                if (digit < 0) {
                    return text;
                }
                codePoint = codePoint * 16 + digit;
            }
            if (codePoint > Character.MAX_CODE_POINT || Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF) {
                return text;
            }
            name.appendCodePoint(codePoint);
            i = close + 1;
        }
        return name.toString();
    }
}
