package io.hearth.promql.ast;

import java.util.Objects;

/**
 * A subquery {@code expr[range:step] @ t offset d}.
 *
 * @param stepMillis the step in milliseconds; 0 with a null {@code stepExpr} means "default step"
 */
public record SubqueryExpr(
        Expr expr,
        long rangeMillis,
        DurationExpr rangeExpr,
        long stepMillis,
        DurationExpr stepExpr,
        long offsetMillis,
        DurationExpr offsetExpr,
        Long atMillis,
        AtPreprocessor atPreprocessor,
        PositionRange position)
        implements Expr {

    public SubqueryExpr {
        Objects.requireNonNull(expr, "expr");
        Objects.requireNonNull(atPreprocessor, "atPreprocessor");
        Objects.requireNonNull(position, "position");
    }

    public boolean hasOffset() {
        return offsetMillis != 0 || offsetExpr != null;
    }

    public boolean hasAt() {
        return atMillis != null || atPreprocessor != AtPreprocessor.NONE;
    }

    /** Whether the step was omitted ({@code [5m:]}) and the evaluator's default applies. */
    public boolean hasDefaultStep() {
        return stepMillis == 0 && stepExpr == null;
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    public SubqueryExpr withOffset(long millis, DurationExpr e, PositionRange pos) {
        return new SubqueryExpr(expr, rangeMillis, rangeExpr, stepMillis, stepExpr, millis, e, atMillis, atPreprocessor, pos);
    }

    public SubqueryExpr withAt(Long millis, AtPreprocessor pre, PositionRange pos) {
        return new SubqueryExpr(expr, rangeMillis, rangeExpr, stepMillis, stepExpr, offsetMillis, offsetExpr, millis, pre, pos);
    }

    @Override
    public SubqueryExpr canonical() {
        return new SubqueryExpr(expr.canonical(), rangeMillis, Expr.strip(rangeExpr), stepMillis,
                Expr.strip(stepExpr), offsetMillis, Expr.strip(offsetExpr), atMillis, atPreprocessor,
                PositionRange.NONE);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
