package io.hearth.auth.sigv4.policy;

import java.util.List;

/**
 * The values of {@code Action}/{@code NotAction} or {@code Resource}/{@code NotResource}.
 *
 * @param negated whether the element was the {@code Not...} form: then it matches what none of the patterns match
 * @param patterns the patterns, at least one
 */
public record PatternSet(boolean negated, List<WildcardPattern> patterns) {

    public PatternSet {
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("a pattern set needs at least one pattern");
        }
    }

    /** @return whether the statement covers this value */
    public boolean matches(String value) {
        for (WildcardPattern pattern : patterns) {
            if (pattern.matches(value)) {
                return !negated;
            }
        }
        return negated;
    }
}
