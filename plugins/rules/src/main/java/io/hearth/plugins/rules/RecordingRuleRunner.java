package io.hearth.plugins.rules;

import io.hearth.spi.query.QueryException;
import io.hearth.spi.query.QueryValue;
import io.hearth.spi.rules.AlertState;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleState;
import io.hearth.spi.storage.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A recording rule: each result sample renamed to the rule's name, with the group's and rule's
 * labels set; duplicates after that, or more results than the group's limit, fail the whole
 * evaluation and nothing is written.
 */
final class RecordingRuleRunner extends RuleRunner {

    RecordingRuleRunner(Rule.Recording rule, Labels groupLabels) {
        super(rule, groupLabels);
    }

    @Override
    List<OutputSample> evaluate(GroupContext group, long ts) throws QueryException, RuleFailure {
        List<QueryValue.Sample> result = group.query(rule.expression(), ts - group.queryOffsetMillis());
        List<OutputSample> out = new ArrayList<>(result.size());
        Set<Labels> seen = new HashSet<>(result.size() * 2);
        for (QueryValue.Sample s : result) {
            Labels.Builder b = s.labels().toBuilder();
            b.set("__name__", rule.name());
            for (int i = 0; i < labels.size(); i++) {
                b.set(labels.name(i), labels.value(i));
            }
            Labels series = b.build();
            if (!seen.add(series)) {
                throw new RuleFailure("vector contains metrics with the same labelset after applying rule labels");
            }
            out.add(new OutputSample(series, s.value(), s.histogram()));
        }
        if (group.limit() > 0 && out.size() > group.limit()) {
            throw new RuleFailure("exceeded limit of " + group.limit() + " with " + out.size() + " series");
        }
        return out;
    }

    @Override
    RuleState state() {
        return new RuleState(rule, health, lastError, lastEvaluationMillis, evaluationSeconds, AlertState.INACTIVE,
                List.of());
    }
}
