package io.hearth.promql.ast;

import java.util.Objects;

/** An expression in parentheses; kept so printing preserves the written grouping. */
public record ParenExpr(Expr expr, PositionRange position) implements Expr {
    public ParenExpr {
        Objects.requireNonNull(expr, "expr");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public ParenExpr canonical() {
        return new ParenExpr(expr.canonical(), PositionRange.NONE);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
