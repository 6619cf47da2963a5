package io.hearth.spi.rules;

import java.io.Closeable;
import java.util.List;

/**
 * Runs the rule groups of every workspace on their intervals, with Prometheus's semantics:
 * aligned evaluation times, query offset, limits, recording rules appended to storage, alerting
 * rules with pending, firing and resolved states, {@code ALERTS} and {@code ALERTS_FOR_STATE}
 * series, alert state restored after a restart, and alerts handed to the workspace's
 * {@link AlertSink} (firing ones resent at the resend interval).
 *
 * <p>The kernel calls it from request threads and at start-up; every method is thread-safe and
 * returns promptly, evaluation runs on the evaluator's own threads.
 */
public interface RuleEvaluator extends Closeable {

    /**
     * Starts, or replaces atomically, the evaluation of a workspace's groups. Groups that keep
     * their namespace and name keep their alert state, as a Prometheus rule reload does.
     *
     * @param workspace what the rules run against
     * @param groups every group of every namespace of the workspace; empty stops evaluation
     */
    void schedule(RuleWorkspace workspace, List<RuleGroup> groups);

    /**
     * Stops evaluating a workspace and forgets its state, e.g. when it is deleted.
     *
     * @param workspaceId the workspace
     */
    void remove(String workspaceId);

    /**
     * @param workspaceId the workspace
     * @return its groups in namespace then group order, with the state of each rule
     */
    List<RuleGroupState> groups(String workspaceId);

    /**
     * @param workspaceId the workspace
     * @return its pending and firing alerts
     */
    List<ActiveAlert> alerts(String workspaceId);

    /** Stops every evaluation; waits briefly for those running. */
    @Override
    void close();
}
