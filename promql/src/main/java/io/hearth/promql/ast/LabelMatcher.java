package io.hearth.promql.ast;

import io.hearth.spi.storage.Re2Pattern;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher of a selector, such as {@code job=~"api.*"}. Regular expressions are fully
 * anchored and {@code .} matches new lines, as in Prometheus.
 *
 * <p>Kept deliberately small so it can move to the storage SPI later; the compiled pattern is a
 * cache and not part of equality.
 */
public record LabelMatcher(Type type, String name, String value) {

    /** The four matcher operators. */
    public enum Type {
        EQUAL("="),
        NOT_EQUAL("!="),
        REGEX("=~"),
        NOT_REGEX("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public static final String METRIC_NAME = "__name__";

    public LabelMatcher {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public static LabelMatcher equal(String name, String value) {
        return new LabelMatcher(Type.EQUAL, name, value);
    }

    /**
     * Compiles the anchored regular expression of a regex matcher, in RE2's syntax as Prometheus
     * reads it ({@link Re2Pattern}).
     *
     * @throws PatternSyntaxException if {@code value} is not a valid RE2 expression
     */
    public Pattern pattern() {
        return Pattern.compile("^(?:" + Re2Pattern.toJava(value) + ")$", Pattern.DOTALL);
    }

    /** Whether this matcher accepts the given label value (absent labels have value ""). */
    public boolean matches(String v) {
        return switch (type) {
            case EQUAL -> value.equals(v);
            case NOT_EQUAL -> !value.equals(v);
            case REGEX -> pattern().matcher(v).matches();
            case NOT_REGEX -> !pattern().matcher(v).matches();
        };
    }

    @Override
    public String toString() {
        return Printer.matcherString(this);
    }
}
