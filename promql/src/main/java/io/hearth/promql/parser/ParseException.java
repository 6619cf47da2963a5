package io.hearth.promql.parser;

import io.hearth.promql.ast.PositionRange;
import java.nio.charset.StandardCharsets;

/**
 * A query that cannot be parsed or does not type-check. {@link #getMessage()} has Prometheus' form
 * {@code <line>:<column>: parse error: <detail>}, with a 1-based line and a 1-based column counted
 * in UTF-8 bytes; {@link #detail()} is the bare text.
 */
public final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String detail;
    private final PositionRange position;
    private final String query;

    public ParseException(String detail, PositionRange position, String query) {
        super(format(detail, position, query));
        this.detail = detail;
        this.position = position;
        this.query = query;
    }

    /** The error text without position, e.g. {@code unexpected end of input}. */
    public String detail() {
        return detail;
    }

    /** Where the error is, in characters of the query. */
    public PositionRange position() {
        return position;
    }

    public String query() {
        return query;
    }

    private static String format(String detail, PositionRange position, String query) {
        return startPosition(query, position.start()) + ": parse error: " + detail;
    }

    /** "line:column" of a character offset, as Prometheus prints positions (columns in bytes). */
    public static String startPosition(String query, int offset) {
        if (query.isEmpty()) {
            return "unknown position";
        }
        if (offset < 0 || offset > query.length()) {
            return "invalid position";
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (query.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int col = query.substring(lineStart, offset).getBytes(StandardCharsets.UTF_8).length + 1;
        return line + ":" + col;
    }
}
