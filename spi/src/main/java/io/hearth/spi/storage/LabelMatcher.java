package io.hearth.spi.storage;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher of a selector such as {@code {job="api", path=~"/v1/.*"}}, with Prometheus's
 * semantics: a missing label has the value {@code ""}, so {@code {a=""}} matches series without
 * {@code a} and {@code {a!=""}} requires it; regular expressions are fully anchored and {@code .}
 * matches a newline.
 *
 * <p>A value with equality by type, name and value, but a final class rather than a record because
 * it carries the compiled pattern of a regex matcher, compiled once in the constructor. Immutable and
 * safe to share between threads; {@link #matches} may be called concurrently.
 *
 * <p>Regular expressions are RE2's, as Prometheus's: {@link Re2Pattern} translates them for
 * {@link java.util.regex.Pattern}, compiled as {@code (?s:<value>)} and matched with
 * {@link java.util.regex.Matcher#matches()}.
 */
public final class LabelMatcher {

    /** The four matcher operators. */
    public enum Type {
        /** {@code =} */
        EQUAL("="),
        /** {@code !=} */
        NOT_EQUAL("!="),
        /** {@code =~} */
        REGEX("=~"),
        /** {@code !~} */
        NOT_REGEX("!~");

        private final String operator;

        Type(String operator) {
            this.operator = operator;
        }

        /** The operator as written in PromQL. */
        public String operator() {
            return operator;
        }
    }

    private final Type type;
    private final String name;
    private final String value;
    private final Pattern pattern; // null unless a regex type

    /**
     * Builds a matcher, compiling the pattern of a regex matcher.
     *
     * @throws IllegalArgumentException if a field is null, the name empty, or the regex invalid
     *     or using a construct RE2 does not have
     */
    public LabelMatcher(Type type, String name, String value) {
        if (type == null || name == null || name.isEmpty() || value == null) {
            throw new IllegalArgumentException("a label matcher needs a type, a non-empty name and a value");
        }
        this.type = type;
        this.name = name;
        this.value = value;
        if (type == Type.REGEX || type == Type.NOT_REGEX) {
            try {
                this.pattern = Pattern.compile("(?s:" + Re2Pattern.toJava(value) + ")");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression " + value + ": " + e.getDescription(), e);
            }
        } else {
            this.pattern = null;
        }
    }

    /** {@code name="value"}. */
    public static LabelMatcher equal(String name, String value) {
        return new LabelMatcher(Type.EQUAL, name, value);
    }

    /** {@code name!="value"}. */
    public static LabelMatcher notEqual(String name, String value) {
        return new LabelMatcher(Type.NOT_EQUAL, name, value);
    }

    /** {@code name=~"regex"}. */
    public static LabelMatcher regex(String name, String regex) {
        return new LabelMatcher(Type.REGEX, name, regex);
    }

    /** {@code name!~"regex"}. */
    public static LabelMatcher notRegex(String name, String regex) {
        return new LabelMatcher(Type.NOT_REGEX, name, regex);
    }

    public Type type() {
        return type;
    }

    public String name() {
        return name;
    }

    /** The literal value, or the regex as written (without anchors). */
    public String value() {
        return value;
    }

    /** Whether this is {@code =~} or {@code !~}. */
    public boolean isRegex() {
        return pattern != null;
    }

    /** Whether a {@code =} or {@code =~} matcher, the kinds that select rather than exclude. */
    public boolean isPositive() {
        return type == Type.EQUAL || type == Type.REGEX;
    }

    /**
     * Whether a label value satisfies the matcher; pass {@code ""} for a missing label.
     * Thread-safe; allocates a {@link java.util.regex.Matcher} for regex types.
     */
    public boolean matches(String labelValue) {
        return switch (type) {
            case EQUAL -> value.equals(labelValue);
            case NOT_EQUAL -> !value.equals(labelValue);
            case REGEX -> pattern.matcher(labelValue).matches();
            case NOT_REGEX -> !pattern.matcher(labelValue).matches();
        };
    }

    /** Whether the matcher accepts the series's value of its label ({@code ""} when absent). */
    public boolean matches(Labels labels) {
        return matches(labels.get(name));
    }

    /** Whether a series without this label is accepted: {@code matches("")}. */
    public boolean matchesEmpty() {
        return matches("");
    }

    /**
     * Whether the regex's value is a plain string with no metacharacters, so a regex matcher is
     * an equality in disguise; storage engines use this for a cheaper index lookup.
     */
    public boolean regexIsLiteral() {
        if (pattern == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if ("\\.+*?()|[]{}^$".indexOf(value.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, value);
    }

    /** PromQL form, {@code name=~"value"}, with the value quoted and escaped. */
    @Override
    public String toString() {
        return name + type.operator + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
