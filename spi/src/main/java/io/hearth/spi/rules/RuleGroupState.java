package io.hearth.spi.rules;

import java.util.List;

/**
 * A group, the state of each of its rules, and its evaluation counters.
 *
 * @param group the group as configured
 * @param rules the state of each rule, in the group's order
 * @param lastEvaluationMillis when the group was last evaluated, 0 if never
 * @param evaluationSeconds how long the last evaluation of the whole group took
 * @param evaluations evaluations run since the group was scheduled
 * @param failedEvaluations rule evaluations that failed
 * @param missedIterations evaluations skipped because an earlier one ran past its slot
 */
public record RuleGroupState(RuleGroup group, List<RuleState> rules, long lastEvaluationMillis,
        double evaluationSeconds, long evaluations, long failedEvaluations, long missedIterations) {

    public RuleGroupState {
        if (group == null || rules == null) {
            throw new IllegalArgumentException("no field of a rule group state may be null");
        }
        rules = List.copyOf(rules);
    }
}
