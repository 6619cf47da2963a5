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

    /** Scalar when both sides are scalars, else instant vector. Walks the left spine with a loop. */
    @Override
    public ValueType type() {
        if (rhs.type() != ValueType.SCALAR) {
            return ValueType.VECTOR;
        }
        Expr cur = lhs;
        while (cur instanceof BinaryExpr b) {
            if (b.rhs.type() != ValueType.SCALAR) {
                return ValueType.VECTOR;
            }
            cur = b.lhs;
        }
        return cur.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
    }

    @Override
    public BinaryExpr canonical() {
        // Iterative over the left spine: long a + b + c ... chains must not need a deep stack.
        java.util.ArrayDeque<BinaryExpr> spine = new java.util.ArrayDeque<>();
        Expr cur = this;
        while (cur instanceof BinaryExpr b) {
            spine.push(b);
            cur = b.lhs();
        }
        Expr result = cur.canonical();
        while (!spine.isEmpty()) {
            BinaryExpr b = spine.pop();
            result = new BinaryExpr(b.op, result, b.rhs.canonical(), b.matching, b.returnBool, PositionRange.NONE);
        }
        return (BinaryExpr) result;
    }

    /** Structural equality, iterative over the left spine like {@link #canonical()}. */
    @Override
    public boolean equals(Object o) {
        Object a = this;
        Object b = o;
        while (a instanceof BinaryExpr x && b instanceof BinaryExpr y) {
            if (x == y) {
                return true;
            }
            if (x.op != y.op || x.returnBool != y.returnBool || !java.util.Objects.equals(x.matching, y.matching)
                    || !x.position.equals(y.position) || !x.rhs.equals(y.rhs)) {
                return false;
            }
            a = x.lhs;
            b = y.lhs;
        }
        return !(a instanceof BinaryExpr) && !(b instanceof BinaryExpr) && a.equals(b);
    }

    @Override
    public int hashCode() {
        int h = 1;
        Expr cur = this;
        while (cur instanceof BinaryExpr x) {
            h = 31 * h + java.util.Objects.hash(x.op, x.returnBool, x.matching, x.position, x.rhs);
            cur = x.lhs;
        }
        return 31 * h + cur.hashCode();
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
