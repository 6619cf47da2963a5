package io.hearth.auth.sigv4.policy;

import java.util.Objects;

/**
 * A policy pattern with {@code *} (any run of characters, also none) and {@code ?} (exactly one
 * character). There is no escape: a policy cannot name a literal {@code *} or {@code ?}.
 *
 * <p>Two flavours:
 *
 * <ul>
 *   <li>{@link #glob}: the wildcards match any characters. Used for actions (case-insensitive)
 *       and condition strings ({@code StringLike}).
 *   <li>{@link #arn}: IAM's ARN rule. Wildcards stay inside their colon-separated segment, except
 *       a {@code *} that ends a segment (is followed by {@code :} or ends the pattern), which may
 *       run on across colons. So {@code arn:aws:aps:*} matches every AMP ARN, while
 *       {@code arn:aws:a*s:...} does not let the {@code *} swallow a colon. Used for resources and
 *       {@code ArnLike}.
 * </ul>
 *
 * <p>Matching is a dynamic programme over pattern and text, {@code O(pattern × text)}, without
 * backtracking blow-ups. Immutable and thread-safe.
 */
public final class WildcardPattern {

    private static final byte LITERAL = 0;
    private static final byte ONE = 1;
    private static final byte ONE_IN_SEGMENT = 2;
    private static final byte RUN = 3;
    private static final byte RUN_IN_SEGMENT = 4;

    private final String pattern;
    private final boolean ignoreCase;
    private final byte[] kinds;
    private final char[] literals;

    private WildcardPattern(String pattern, boolean ignoreCase, boolean arn) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.ignoreCase = ignoreCase;
        this.kinds = new byte[pattern.length()];
        this.literals = new char[pattern.length()];
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                boolean endsSegment = i + 1 == pattern.length() || pattern.charAt(i + 1) == ':';
                kinds[i] = arn && !endsSegment ? RUN_IN_SEGMENT : RUN;
            } else if (c == '?') {
                kinds[i] = arn ? ONE_IN_SEGMENT : ONE;
            } else {
                kinds[i] = LITERAL;
                literals[i] = ignoreCase ? fold(c) : c;
            }
        }
    }

    /**
     * @param pattern the pattern
     * @param ignoreCase whether letters match regardless of case
     * @return a pattern whose wildcards match any characters
     */
    public static WildcardPattern glob(String pattern, boolean ignoreCase) {
        return new WildcardPattern(pattern, ignoreCase, false);
    }

    /**
     * @param pattern an ARN pattern, or {@code *}
     * @return a case-sensitive pattern with IAM's segment rule for wildcards
     */
    public static WildcardPattern arn(String pattern) {
        return new WildcardPattern(pattern, false, true);
    }

    /** @return the pattern as written */
    public String pattern() {
        return pattern;
    }

    /**
     * @param text the text to test
     * @return whether the whole text matches the pattern
     */
    public boolean matches(String text) {
        int n = text.length();
        // reachable[j]: the pattern read so far can match exactly text[0, j)
        boolean[] reachable = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        reachable[0] = true;
        for (int p = 0; p < kinds.length; p++) {
            byte kind = kinds[p];
            java.util.Arrays.fill(next, false);
            boolean any = false;
            switch (kind) {
                case RUN -> {
                    boolean carry = false;
                    for (int j = 0; j <= n; j++) {
                        carry |= reachable[j];
                        next[j] = carry;
                    }
                }
                case RUN_IN_SEGMENT -> {
                    boolean carry = false;
                    for (int j = 0; j <= n; j++) {
                        carry |= reachable[j];
                        next[j] = carry;
                        if (j < n && text.charAt(j) == ':') {
                            carry = false;
                        }
                    }
                }
                default -> {
                    for (int j = 0; j < n; j++) {
                        if (reachable[j] && accepts(kind, p, text.charAt(j))) {
                            next[j + 1] = true;
                        }
                    }
                }
            }
            for (int j = 0; j <= n; j++) {
                any |= next[j];
            }
            if (!any) {
                return false;
            }
            boolean[] swap = reachable;
            reachable = next;
            next = swap;
        }
        return reachable[n];
    }

    private boolean accepts(byte kind, int p, char c) {
        return switch (kind) {
            case ONE -> true;
            case ONE_IN_SEGMENT -> c != ':';
            default -> literals[p] == (ignoreCase ? fold(c) : c);
        };
    }

    private static char fold(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    @Override
    public String toString() {
        return pattern;
    }
}
