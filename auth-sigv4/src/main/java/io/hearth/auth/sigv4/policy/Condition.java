package io.hearth.auth.sigv4.policy;

import java.util.List;
import java.util.function.Predicate;

/**
 * One condition of a statement: an operator applied to one key with one or more values.
 *
 * <p>Evaluation, as IAM defines it: the condition holds when the request's value matches any of
 * the values (for a negated operator: matches none of them). When the request lacks the key, a
 * plain operator fails, a negated one holds, and an {@code ...IfExists} one holds.
 */
public final class Condition {

    private final ConditionOperator operator;
    private final boolean ifExists;
    private final String key;
    private final List<String> values;
    private final List<Predicate<String>> tests;

    /**
     * @param operator the operator
     * @param ifExists whether the operator had the {@code IfExists} suffix
     * @param key the condition key, e.g. {@code aws:PrincipalArn}
     * @param values the policy's values, at least one
     */
    public Condition(ConditionOperator operator, boolean ifExists, String key, List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a condition needs at least one value");
        }
        this.operator = operator;
        this.ifExists = ifExists;
        this.key = key;
        this.values = List.copyOf(values);
        this.tests = this.values.stream().map(operator::compile).toList();
    }

    public ConditionOperator operator() {
        return operator;
    }

    public boolean ifExists() {
        return ifExists;
    }

    public String key() {
        return key;
    }

    public List<String> values() {
        return values;
    }

    /** @return whether the condition holds for the request */
    public boolean holds(AuthorizationRequest request) {
        String value = request.contextValue(key);
        if (value == null) {
            return ifExists || operator.negated();
        }
        boolean anyMatch = false;
        for (Predicate<String> test : tests) {
            if (test.test(value)) {
                anyMatch = true;
                break;
            }
        }
        return operator.negated() != anyMatch;
    }

    @Override
    public String toString() {
        return operator.policyName() + (ifExists ? "IfExists" : "") + "{" + key + ": " + values + "}";
    }
}
