package io.hearth.promql.ast;

import java.util.Objects;

/**
 * A binary operation. {@code matching} is null unless both sides are instant vectors; set
 * operators always match many-to-many.
 */
public record BinaryExpr(
        BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, PositionRange position)
        implements Expr {

    public BinaryExpr {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(lhs, "lhs");
        Objects.requireNonNull(rhs, "rhs");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public ValueType type() {
        return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
    }

    @Override
    public BinaryExpr canonical() {
        return new BinaryExpr(op, lhs.canonical(), rhs.canonical(), matching, returnBool,
                PositionRange.NONE);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
