package io.hearth.auth.sigv4.json;

/** The text is not JSON as RFC 8259 defines it (or breaks one of the reader's limits). */
public final class JsonException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    JsonException(String message, int line, int column) {
        super(message + " at line " + line + ", column " + column);
        this.line = line;
        this.column = column;
    }

    /** @return the 1-based line of the offending character */
    public int line() {
        return line;
    }

    /** @return the 1-based column of the offending character */
    public int column() {
        return column;
    }
}
