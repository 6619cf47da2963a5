package io.hearth.auth.sigv4.policy;

import java.util.Optional;

/**
 * The condition operators Hearth evaluates. Each may carry the {@code IfExists} suffix (see
 * {@link Condition}); the set qualifiers {@code ForAnyValue:} and {@code ForAllValues:} are not
 * supported (no supported key has several values).
 */
public enum ConditionOperator {
    STRING_EQUALS("StringEquals", false),
    STRING_NOT_EQUALS("StringNotEquals", true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true),
    STRING_LIKE("StringLike", false),
    STRING_NOT_LIKE("StringNotLike", true),
    ARN_EQUALS("ArnEquals", false),
    ARN_NOT_EQUALS("ArnNotEquals", true),
    ARN_LIKE("ArnLike", false),
    ARN_NOT_LIKE("ArnNotLike", true);

    private final String policyName;
    private final boolean negated;

    ConditionOperator(String policyName, boolean negated) {
        this.policyName = policyName;
        this.negated = negated;
    }

    /** @return the name as written in a policy, e.g. {@code StringLike} */
    public String policyName() {
        return policyName;
    }

    /**
     * A negated operator holds when no value matches, and also when the request lacks the key.
     *
     * @return whether this is a {@code ...Not...} operator
     */
    public boolean negated() {
        return negated;
    }

    /** @return whether values are ARNs, compared segment by segment */
    public boolean comparesArns() {
        return policyName.startsWith("Arn");
    }

    /** @return the operator with this policy name (case-sensitive, as in IAM) */
    public static Optional<ConditionOperator> byPolicyName(String name) {
        for (ConditionOperator operator : values()) {
            if (operator.policyName.equals(name)) {
                return Optional.of(operator);
            }
        }
        return Optional.empty();
    }

    /** Compiles one policy value into the test a request value must pass (before negation). */
    java.util.function.Predicate<String> compile(String policyValue) {
        return switch (this) {
            case STRING_EQUALS, STRING_NOT_EQUALS -> policyValue::equals;
            case STRING_EQUALS_IGNORE_CASE, STRING_NOT_EQUALS_IGNORE_CASE -> policyValue::equalsIgnoreCase;
            case STRING_LIKE, STRING_NOT_LIKE -> WildcardPattern.glob(policyValue, false)::matches;
            case ARN_EQUALS, ARN_NOT_EQUALS, ARN_LIKE, ARN_NOT_LIKE -> WildcardPattern.arn(policyValue)::matches;
        };
    }
}
