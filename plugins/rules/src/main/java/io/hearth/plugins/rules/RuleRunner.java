package io.hearth.plugins.rules;

import io.hearth.spi.query.QueryException;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleHealth;
import io.hearth.spi.rules.RuleState;
import io.hearth.spi.storage.Labels;
import java.util.HashSet;
import java.util.Set;

/**
 * The evaluation of one rule and its state between evaluations. Evaluated by one thread at a time
 * (its group's); the fields the API reads are volatile.
 */
abstract sealed class RuleRunner permits RecordingRuleRunner, AlertingRuleRunner {

    /** The rule as configured, its labels merged with the group's (rule labels win). */
    final Rule rule;
    /** Labels applied to every result: the group's, then the rule's. */
    final Labels labels;
    /** The series written by the last successful evaluation, which get stale markers when they go. */
    Set<Labels> previousSeries = new HashSet<>();

    volatile RuleHealth health = RuleHealth.UNKNOWN;
    volatile String lastError = "";
    volatile long lastEvaluationMillis;
    volatile double evaluationSeconds;

    RuleRunner(Rule rule, Labels groupLabels) {
        this.rule = rule;
        Labels.Builder b = groupLabels.toBuilder();
        for (int i = 0; i < rule.labels().size(); i++) {
            b.set(rule.labels().name(i), rule.labels().value(i));
        }
        this.labels = b.build();
    }

    /**
     * Evaluates the rule at {@code ts}.
     *
     * @return the samples to write at {@code ts} minus the query offset
     * @throws QueryException when the query fails
     * @throws RuleFailure when the result breaks a rule (duplicates, limit)
     */
    abstract java.util.List<OutputSample> evaluate(GroupContext group, long ts) throws QueryException, RuleFailure;

    /** @return the state {@code /api/v1/rules} shows */
    abstract RuleState state();

    /** Prometheus matches rules across reloads by name and labels. */
    String identity() {
        return rule.name() + labels;
    }

    void succeeded() {
        health = RuleHealth.OK;
        lastError = "";
    }

    void failed(String message) {
        health = RuleHealth.ERR;
        lastError = message == null ? "" : message;
    }
}
