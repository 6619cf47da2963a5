package io.hearth.promql.ast;

/**
 * Half-open range {@code [start, end)} of character offsets in the query text that a node was
 * parsed from. Positions are informational: they are ignored by {@link Expr#canonical()}
 * comparisons and are {@link #NONE} for nodes built by code.
 */
public record PositionRange(int start, int end) implements java.io.Serializable {
    public static final PositionRange NONE = new PositionRange(0, 0);

    public PositionRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad position range [" + start + ", " + end + ")");
        }
    }

    public static PositionRange merge(PositionRange a, PositionRange b) {
        return new PositionRange(Math.min(a.start, b.start), Math.max(a.end, b.end));
    }
}
