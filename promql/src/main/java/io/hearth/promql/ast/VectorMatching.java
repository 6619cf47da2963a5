package io.hearth.promql.ast;

import java.util.List;
import java.util.Objects;

/**
 * How the series of the two sides of a binary operation between instant vectors are matched.
 *
 * @param matchingLabels the labels of {@code on(...)} or {@code ignoring(...)}
 * @param on true for {@code on}, false for {@code ignoring} (or neither)
 * @param include the extra labels of {@code group_left(...)} / {@code group_right(...)}
 * @param fillLeft value for a missing left-hand series ({@code fill}/{@code fill_left}), or null
 * @param fillRight value for a missing right-hand series ({@code fill}/{@code fill_right}), or null
 */
public record VectorMatching(
        Cardinality cardinality, List<String> matchingLabels, boolean on, List<String> include, Double fillLeft,
        Double fillRight) {

    /** Matching cardinality. */
    public enum Cardinality {
        ONE_TO_ONE,
        MANY_TO_ONE,
        ONE_TO_MANY,
        MANY_TO_MANY
    }

    public VectorMatching {
        Objects.requireNonNull(cardinality, "cardinality");
        matchingLabels = List.copyOf(matchingLabels);
        include = List.copyOf(include);
    }

    public boolean hasFill() {
        return fillLeft != null || fillRight != null;
    }

    public VectorMatching withCardinality(Cardinality c) {
        return new VectorMatching(c, matchingLabels, on, include, fillLeft, fillRight);
    }
}
