package io.hearth.spi.rules;

import io.hearth.spi.storage.Labels;
import java.util.List;

/**
 * One group of a rule groups namespace, already validated by the kernel. Groups are evaluated
 * independently of each other; the rules of a group in order, each seeing the results the earlier
 * ones recorded in the same evaluation.
 *
 * @param namespace the rule groups namespace (Prometheus's rule file) the group comes from
 * @param name the group name, unique within its namespace
 * @param intervalMillis the evaluation interval; 0 means the evaluator's default (1 minute in AMP)
 * @param queryOffsetMillis how far back in time each evaluation queries; -1 means the workspace's
 *     default ({@link RuleWorkspace#defaultQueryOffsetMillis()})
 * @param limit the most series a rule may produce, 0 for no limit; over it the rule's whole
 *     evaluation fails, as in Prometheus
 * @param labels labels added to every rule's results (Prometheus 3 group labels); rule labels win
 * @param rules the rules in file order
 */
public record RuleGroup(String namespace, String name, long intervalMillis, long queryOffsetMillis, int limit,
        Labels labels, List<Rule> rules) {

    public RuleGroup {
        if (namespace == null || name == null || labels == null || rules == null) {
            throw new IllegalArgumentException("no field of a rule group may be null");
        }
        if (intervalMillis < 0 || queryOffsetMillis < -1 || limit < 0) {
            throw new IllegalArgumentException("negative interval, query offset or limit in group " + name);
        }
        rules = List.copyOf(rules);
    }
}
