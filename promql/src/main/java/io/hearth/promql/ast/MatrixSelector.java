package io.hearth.promql.ast;

import java.util.Objects;

/**
 * A range vector selector {@code selector[range]}. Offset, {@code @} and the anchored/smoothed
 * modifiers written after the brackets are kept on the inner {@link VectorSelector}.
 *
 * @param rangeMillis the range in milliseconds; 0 when {@code rangeExpr} is set
 * @param rangeExpr the range as a duration expression needing the step or range, or null
 */
public record MatrixSelector(VectorSelector selector, long rangeMillis, DurationExpr rangeExpr, PositionRange position)
        implements Expr {

    public MatrixSelector {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    public MatrixSelector withSelector(VectorSelector vs, PositionRange pos) {
        return new MatrixSelector(vs, rangeMillis, rangeExpr, pos);
    }

    @Override
    public MatrixSelector canonical() {
        return new MatrixSelector(selector.canonical(), rangeMillis, Expr.strip(rangeExpr), PositionRange.NONE);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
