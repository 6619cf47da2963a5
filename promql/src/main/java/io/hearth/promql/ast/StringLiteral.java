package io.hearth.promql.ast;

import java.util.Objects;

/** A string, already unquoted. */
public record StringLiteral(String value, PositionRange position) implements Expr {
    public StringLiteral {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }

    @Override
    public StringLiteral canonical() {
        return new StringLiteral(value, PositionRange.NONE);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
