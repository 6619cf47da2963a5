package io.hearth.promql.ast;

/**
 * A PromQL expression: an immutable node of the syntax tree built by the parser.
 *
 * <p>Every node records the {@link PositionRange} it was parsed from, for error messages and
 * annotations. Two trees are the same query when their {@link #canonical()} forms are
 * equal (positions cleared, label matchers in printed order); {@link Printer#print(Expr)} renders a tree back to canonical PromQL.
 */
public sealed interface Expr
        permits AggregateExpr, BinaryExpr, Call, DurationExpr, MatrixSelector, NumberLiteral, ParenExpr,
                StringLiteral, SubqueryExpr, UnaryExpr, VectorSelector {

    /** The type this expression evaluates to. */
    ValueType type();

    /** Where in the query text this expression was parsed from. */
    PositionRange position();

    /**
     * This tree in canonical form, for structural comparison: every position set to
     * {@link PositionRange#NONE} and the label matchers of selectors sorted as the printer writes
     * them (the metric-name matcher stays last).
     */
    Expr canonical();

    /** Null-tolerant helper for optional children. */
    static Expr strip(Expr e) {
        return e == null ? null : e.canonical();
    }

    /** Null-tolerant helper for optional duration children. */
    static DurationExpr strip(DurationExpr e) {
        return e == null ? null : e.canonical();
    }
}
