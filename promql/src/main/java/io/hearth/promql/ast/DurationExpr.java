package io.hearth.promql.ast;

import java.util.Objects;

/**
 * An experimental duration expression used in a range, subquery step or offset, such as
 * {@code [5m + step()]}. Operands are {@link NumberLiteral}s (seconds) or other duration
 * expressions.
 *
 * <p>Shapes: binary ({@code lhs op rhs}); unary minus/plus ({@code lhs == null}, operand in
 * {@code rhs}); {@link Op#STEP} and {@link Op#RANGE} without operands; {@link Op#MIN_OF} and
 * {@link Op#MAX_OF} with both. {@code wrapped} records parentheses written around it.
 */
public record DurationExpr(Op op, Expr lhs, Expr rhs, boolean wrapped, PositionRange position) implements Expr {

    /** Operators of duration expressions. */
    public enum Op {
        ADD("+"),
        SUB("-"),
        MUL("*"),
        DIV("/"),
        MOD("%"),
        POW("^"),
        STEP("step"),
        RANGE("range"),
        MIN_OF("min_of"),
        MAX_OF("max_of");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public DurationExpr {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }

    public DurationExpr wrap(PositionRange pos) {
        return new DurationExpr(op, lhs, rhs, true, pos);
    }

    @Override
    public DurationExpr canonical() {
        return new DurationExpr(op, Expr.strip(lhs), Expr.strip(rhs), wrapped, PositionRange.NONE);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
