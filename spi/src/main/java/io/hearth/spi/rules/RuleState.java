package io.hearth.spi.rules;

import java.util.List;

/**
 * A rule and the outcome of its last evaluation.
 *
 * @param rule the rule as configured
 * @param health the outcome of the last evaluation
 * @param lastError the error of the last evaluation, empty when it succeeded
 * @param lastEvaluationMillis when it was last evaluated, 0 if never
 * @param evaluationSeconds how long the last evaluation took
 * @param state for an alerting rule, the highest state of its alerts; {@code INACTIVE} for a
 *     recording rule
 * @param alerts for an alerting rule, its pending and firing alerts; empty for a recording rule
 */
public record RuleState(Rule rule, RuleHealth health, String lastError, long lastEvaluationMillis,
        double evaluationSeconds, AlertState state, List<ActiveAlert> alerts) {

    public RuleState {
        if (rule == null || health == null || lastError == null || state == null || alerts == null) {
            throw new IllegalArgumentException("no field of a rule state may be null");
        }
        alerts = List.copyOf(alerts);
    }
}
