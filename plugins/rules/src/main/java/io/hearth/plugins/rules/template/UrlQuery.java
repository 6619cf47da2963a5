package io.hearth.plugins.rules.template;

import java.nio.charset.StandardCharsets;

/** Go's {@code url.QueryEscape}: unreserved characters kept, space as {@code +}, the rest as {@code %XX}. */
public final class UrlQuery {

    private UrlQuery() {
    }

    /** @return the text escaped for a URL query component, byte for byte as Go escapes it */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
