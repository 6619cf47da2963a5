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

    /**
     * The direct sub-expressions, in source order: operands, arguments, the parameter and body of
     * an aggregation, the selector under a range, the query under a subquery. Duration expressions
     * of ranges, steps and offsets are not included (they are parts of their node's modifiers).
     */
    default java.util.List<Expr> children() {
        return switch (this) {
            case AggregateExpr a -> a.param() == null ? java.util.List.of(a.expr()) : java.util.List.of(a.param(), a.expr());
            case BinaryExpr b -> java.util.List.of(b.lhs(), b.rhs());
            case Call c -> c.args();
            case MatrixSelector m -> java.util.List.of(m.selector());
            case ParenExpr p -> java.util.List.of(p.expr());
            case SubqueryExpr s -> java.util.List.of(s.expr());
            case UnaryExpr u -> java.util.List.of(u.expr());
            case DurationExpr d -> java.util.stream.Stream.of(d.lhs(), d.rhs()).filter(java.util.Objects::nonNull).toList();
            case NumberLiteral n -> java.util.List.of();
            case StringLiteral s -> java.util.List.of();
            case VectorSelector v -> java.util.List.of();
        };
    }

    /** Null-tolerant helper for optional children. */
    static Expr strip(Expr e) {
        return e == null ? null : e.canonical();
    }

    /** Null-tolerant helper for optional duration children. */
    static DurationExpr strip(DurationExpr e) {
        return e == null ? null : e.canonical();
    }
}
