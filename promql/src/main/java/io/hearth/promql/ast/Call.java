package io.hearth.promql.ast;

import java.util.List;
import java.util.Objects;

/** A function call, type-checked against {@link Functions}. */
public record Call(Function function, List<Expr> args, PositionRange position) implements Expr {
    public Call {
        Objects.requireNonNull(function, "function");
        args = List.copyOf(args);
        Objects.requireNonNull(position, "position");
    }

    @Override
    public ValueType type() {
        return function.returnType();
    }

    @Override
    public Call canonical() {
        return new Call(function, args.stream().map(Expr::canonical).toList(), PositionRange.NONE);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
