package io.hearth.promql.ast;

import java.util.Objects;

/** Unary minus or plus on a non-literal ({@code -1} parses to a {@link NumberLiteral}). */
public record UnaryExpr(UnaryOp op, Expr expr, PositionRange position) implements Expr {
    public UnaryExpr {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(expr, "expr");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public UnaryExpr canonical() {
        return new UnaryExpr(op, expr.canonical(), PositionRange.NONE);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
