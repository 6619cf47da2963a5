package io.hearth.auth.sigv4.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * One decoded query-string parameter.
 *
 * @param name the decoded name
 * @param value the decoded value; empty when the parameter had no {@code =}
 */
record QueryParameter(String name, String value) {

    /**
     * Splits a raw query string on {@code &} and decodes each name and value ({@code +} is a space). Empty pieces
     * ({@code a=1&&b=2}) are skipped.
     *
     * @param rawQuery the query as sent, without {@code ?}
     * @return the parameters in the order sent
     */
    static List<QueryParameter> parse(String rawQuery) {
        List<QueryParameter> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start) {
                String piece = rawQuery.substring(start, end);
                int eq = piece.indexOf('=');
                String name = eq < 0 ? piece : piece.substring(0, eq);
                String value = eq < 0 ? "" : piece.substring(eq + 1);
                out.add(new QueryParameter(
                        PercentEncoding.decodeQueryComponent(name), PercentEncoding.decodeQueryComponent(value)));
            }
            start = end + 1;
        }
        return out;
    }
}
