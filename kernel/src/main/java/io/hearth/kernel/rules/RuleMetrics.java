package io.hearth.kernel.rules;

import io.hearth.kernel.plugin.Plugins;
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.NotifierStats;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.rules.RuleGroupState;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The rules' and notifiers' meters in {@code /metrics}, read from the plugins at scrape time:
 * per notifier {@code hearth_notifications_sent_total}, {@code _failed_total},
 * {@code _dropped_total} and {@code hearth_notification_queue_length}; per workspace and group
 * ({@code rule_group="<namespace>;<group>"}, as Prometheus labels its own)
 * {@code hearth_rule_evaluations_total}, {@code hearth_rule_evaluation_failures_total},
 * {@code hearth_rule_group_iterations_missed_total} and
 * {@code hearth_rule_group_last_evaluation_seconds}.
 */
final class RuleMetrics {

    private static final String SCOPE = "application";

    private final MeterRegistry registry;
    private final Map<String, Set<String>> groupsByWorkspace = new ConcurrentHashMap<>();

    private RuleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @return meters in Helidon's registry, which {@code /metrics} serves */
    static RuleMetrics global() {
        return new RuleMetrics(Metrics.globalRegistry());
    }

    /** @return meters kept nowhere, for tests */
    static RuleMetrics none() {
        return new RuleMetrics(null);
    }

    /** Registers the counters of every notifier, once at start-up. */
    void notifiers(List<Plugins.Bound<Notifier>> notifiers) {
        if (registry == null) {
            return;
        }
        for (Plugins.Bound<Notifier> notifier : notifiers) {
            List<Tag> tags = List.of(Tag.create("notifier", notifier.name()));
            Supplier<NotifierStats> stats = () -> notifier.call(Notifier::stats);
            counter("hearth_notifications_sent", "Alerts delivered, by notifier", tags, stats, NotifierStats::sent);
            counter("hearth_notifications_failed", "Alerts whose delivery failed after every retry, by notifier", tags, stats,
                    NotifierStats::failed);
            counter("hearth_notifications_dropped", "Alerts dropped because the notifier's queue was full, by notifier", tags,
                    stats, NotifierStats::dropped);
            registry.getOrCreate(Gauge.builder("hearth_notification_queue_length", stats, s -> s.get().queued())
                    .description("Alerts waiting in the notifier's queue").tags(tags).scope(SCOPE));
        }
    }

    /**
     * Makes the group meters of a workspace those of its current groups.
     *
     * @param workspaceId the workspace
     * @param groups its groups now; none removes its meters
     * @param states the workspace's group states, read at scrape time
     */
    synchronized void groups(String workspaceId, List<RuleGroup> groups, Supplier<List<RuleGroupState>> states) {
        if (registry == null) {
            return;
        }
        Set<String> now = new HashSet<>();
        for (RuleGroup group : groups) {
            now.add(group.namespace() + ";" + group.name());
        }
        Set<String> before = groupsByWorkspace.getOrDefault(workspaceId, Set.of());
        for (String gone : before) {
            if (!now.contains(gone)) {
                for (String name : List.of("hearth_rule_evaluations", "hearth_rule_evaluation_failures",
                        "hearth_rule_group_iterations_missed", "hearth_rule_group_last_evaluation_seconds")) {
                    registry.remove(name, tags(workspaceId, gone), SCOPE);
                }
            }
        }
        for (String key : now) {
            if (before.contains(key)) {
                continue;
            }
            List<Tag> tags = tags(workspaceId, key);
            Supplier<RuleGroupState> state = () -> find(states.get(), key);
            counter("hearth_rule_evaluations", "Evaluations of a rule group", tags, state,
                    s -> s == null ? 0 : s.evaluations());
            counter("hearth_rule_evaluation_failures", "Rule evaluations that failed, by rule group", tags, state,
                    s -> s == null ? 0 : s.failedEvaluations());
            counter("hearth_rule_group_iterations_missed", "Rule group evaluations skipped because one ran late", tags, state,
                    s -> s == null ? 0 : s.missedIterations());
            registry.getOrCreate(Gauge.builder("hearth_rule_group_last_evaluation_seconds", state, s -> {
                RuleGroupState current = s.get();
                return current == null ? 0 : current.lastEvaluationMillis() / 1000.0;
            }).description("When the rule group was last evaluated, in seconds since the epoch").tags(tags).scope(SCOPE));
        }
        if (now.isEmpty()) {
            groupsByWorkspace.remove(workspaceId);
        } else {
            groupsByWorkspace.put(workspaceId, now);
        }
    }

    private <T> void counter(String name, String description, List<Tag> tags, Supplier<T> source, ToLongFunction<T> value) {
        registry.getOrCreate(FunctionalCounter.builder(name, source, s -> value.applyAsLong(s.get()))
                .description(description).tags(tags).scope(SCOPE));
    }

    private static RuleGroupState find(List<RuleGroupState> states, String key) {
        for (RuleGroupState state : states) {
            if ((state.group().namespace() + ";" + state.group().name()).equals(key)) {
                return state;
            }
        }
        return null;
    }

    private static List<Tag> tags(String workspaceId, String group) {
        List<Tag> tags = new ArrayList<>(2);
        tags.add(Tag.create("workspace", workspaceId));
        tags.add(Tag.create("rule_group", group));
        return tags;
    }
}
