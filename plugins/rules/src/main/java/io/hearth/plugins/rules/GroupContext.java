package io.hearth.plugins.rules;

import io.hearth.spi.query.QueryException;
import io.hearth.spi.query.QueryValue;
import io.hearth.spi.rules.RuleWorkspace;
import java.util.List;

/**
 * What the rules of one group evaluate with: the workspace, the group's query offset, limit and
 * interval, and the evaluator's settings.
 *
 * @param workspace storage, query engine, alert sink and external URL
 * @param queryOffsetMillis how far before the evaluation time the rules query
 * @param limit the most series (recording) or alerts (alerting) a rule may produce; 0 for no limit
 * @param intervalMillis the group's interval
 * @param settings the evaluator's settings
 */
record GroupContext(RuleWorkspace workspace, long queryOffsetMillis, int limit, long intervalMillis,
        EvaluatorSettings settings) {

    /**
     * Runs an instant query as Prometheus's rule query function does: a scalar becomes one sample
     * without labels; a string or matrix is an error.
     */
    List<QueryValue.Sample> query(String expression, long timeMillis) throws QueryException, RuleFailure {
        QueryValue value = workspace.queryEngine().instant(workspace.storage(), expression, timeMillis,
                settings.queryOptions()).value();
        return switch (value) {
            case QueryValue.Vector v -> v.samples();
            case QueryValue.Scalar s -> List.of(new QueryValue.Sample(io.hearth.spi.storage.Labels.EMPTY, s.timestamp(),
                    s.value(), null));
            default -> throw new RuleFailure("rule result is not a vector or scalar");
        };
    }
}
