package io.hearth.promql.ast;

import java.util.List;
import java.util.Objects;

/**
 * The signature of a PromQL function, used by the parser to type-check calls.
 *
 * @param argTypes the declared argument types
 * @param variadic 0: exactly {@code argTypes.size()} arguments; n &gt; 0: the last declared argument
 *     is optional and may repeat, for at most {@code argTypes.size() - 1 + n} arguments; -1: the
 *     last declared argument is optional and may repeat without limit
 * @param experimental whether the function needs experimental functions enabled
 */
public record Function(String name, List<ValueType> argTypes, int variadic, ValueType returnType, boolean experimental) {
    public Function {
        Objects.requireNonNull(name, "name");
        argTypes = List.copyOf(argTypes);
        Objects.requireNonNull(returnType, "returnType");
        if (variadic < -1) {
            throw new IllegalArgumentException("variadic must be -1, 0 or positive: " + variadic);
        }
    }

    /** The fewest arguments a call may have. */
    public int minArgs() {
        return variadic == 0 ? argTypes.size() : argTypes.size() - 1;
    }

    /** The most arguments a call may have, or {@link Integer#MAX_VALUE}. */
    public int maxArgs() {
        if (variadic == 0) {
            return argTypes.size();
        }
        return variadic < 0 ? Integer.MAX_VALUE : argTypes.size() - 1 + variadic;
    }

    /** The declared type of argument {@code i} (repeating the last type for variadic functions). */
    public ValueType argType(int i) {
        return argTypes.get(Math.min(i, argTypes.size() - 1));
    }
}
