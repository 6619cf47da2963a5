package io.hearth.promql.ast;

/**
 * A number. {@code duration} is true when it was written as a duration ({@code 1h30m}); its value
 * is then in seconds and it prints back as a duration.
 */
public record NumberLiteral(double value, boolean duration, PositionRange position) implements Expr {
    public NumberLiteral {
        java.util.Objects.requireNonNull(position, "position");
    }

    public static NumberLiteral of(double value) {
        return new NumberLiteral(value, false, PositionRange.NONE);
    }

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }

    @Override
    public NumberLiteral canonical() {
        return new NumberLiteral(value, duration, PositionRange.NONE);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
