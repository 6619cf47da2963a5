package io.hearth.plugins.rules;

import io.hearth.spi.rules.ActiveAlert;
import io.hearth.spi.rules.RuleEvaluator;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.rules.RuleGroupState;
import io.hearth.spi.rules.RuleWorkspace;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.StaleMarker;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code prometheus} rule evaluator: one {@link GroupRunner} per group of every scheduled
 * workspace, on a shared {@link Scheduler}. {@link #schedule} swaps a workspace's groups as a
 * Prometheus rule reload does: unchanged groups keep running untouched, changed ones are restarted
 * with the state of their predecessor, removed ones stop and their series are marked stale.
 */
final class PrometheusRuleEvaluator implements RuleEvaluator {

    private static final Logger LOG = Logger.getLogger(PrometheusRuleEvaluator.class.getName());

    private final Scheduler scheduler;
    private final EvaluatorSettings settings;
    /** Groups by workspace, each map in namespace then group order; replaced whole under the lock. */
    private final Map<String, Map<String, GroupRunner>> workspaces = new ConcurrentHashMap<>();
    /** Groups seen since start, by workspace: their first schedule restores alert state. */
    private final Map<String, Set<String>> seen = new HashMap<>();
    private boolean closed;

    PrometheusRuleEvaluator(Scheduler scheduler, EvaluatorSettings settings) {
        this.scheduler = scheduler;
        this.settings = settings;
    }

    @Override
    public synchronized void schedule(RuleWorkspace workspace, List<RuleGroup> groups) {
        if (closed) {
            throw new IllegalStateException("the rule evaluator is closed");
        }
        String id = workspace.workspaceId();
        Map<String, GroupRunner> old = workspaces.getOrDefault(id, Map.of());
        Set<String> known = seen.computeIfAbsent(id, k -> new HashSet<>());
        List<RuleGroup> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparing(RuleGroup::namespace).thenComparing(RuleGroup::name));
        Map<String, GroupRunner> next = new LinkedHashMap<>();
        List<GroupRunner> toStart = new ArrayList<>();
        for (RuleGroup group : sorted) {
            String key = group.namespace() + ";" + group.name();
            if (next.containsKey(key)) {
                throw new IllegalArgumentException("group " + group.name() + " appears twice in namespace " + group.namespace());
            }
            GroupRunner previous = old.get(key);
            if (previous != null && previous.canContinueAs(group, workspace)) {
                previous.useSink(workspace.alerts());
                next.put(key, previous);
                continue;
            }
            if (previous != null) {
                previous.stop();
            }
            // restore the first time a group is seen, or when its predecessor had not restored yet
            boolean restore = !known.contains(key) || (previous != null && previous.restorePending());
            GroupRunner runner = new GroupRunner(group, workspace, scheduler, settings, restore);
            if (previous != null) {
                runner.copyState(previous);
            }
            known.add(key);
            next.put(key, runner);
            toStart.add(runner);
        }
        for (Map.Entry<String, GroupRunner> e : old.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                GroupRunner removed = e.getValue();
                removed.stop();
                markStaleLater(removed);
            }
        }
        if (next.isEmpty()) {
            workspaces.remove(id);
        } else {
            workspaces.put(id, java.util.Collections.unmodifiableMap(next));
        }
        for (GroupRunner runner : toStart) {
            runner.start();
        }
    }

    /**
     * Writes stale markers for a removed group's series two intervals later, as Prometheus does, so
     * that a rule that moved to another group has time to write its series first.
     */
    private void markStaleLater(GroupRunner removed) {
        List<Labels> series = removed.lastSeries();
        if (series.isEmpty()) {
            return;
        }
        long at = scheduler.now();
        scheduler.schedule(() -> {
            Appender appender = null;
            try {
                appender = removed.workspace.storage().appender();
                for (Labels s : series) {
                    appender.append(s, at, StaleMarker.VALUE);
                }
                appender.commit();
            } catch (IOException | RuntimeException e) {
                // the workspace may be gone by now; the markers then matter to no one
                if (appender != null) {
                    appender.rollback();
                }
                LOG.log(Level.FINE, "stale markers for removed group " + removed.key() + " not written", e);
            }
        }, 2 * removed.intervalMillis());
    }

    @Override
    public synchronized void remove(String workspaceId) {
        Map<String, GroupRunner> groups = workspaces.remove(workspaceId);
        if (groups != null) {
            groups.values().forEach(GroupRunner::stop);
        }
        seen.remove(workspaceId);
    }

    @Override
    public List<RuleGroupState> groups(String workspaceId) {
        List<RuleGroupState> out = new ArrayList<>();
        for (GroupRunner runner : workspaces.getOrDefault(workspaceId, Map.of()).values()) {
            out.add(runner.state());
        }
        out.sort(Comparator.comparing((RuleGroupState s) -> s.group().namespace()).thenComparing(s -> s.group().name()));
        return out;
    }

    @Override
    public List<ActiveAlert> alerts(String workspaceId) {
        List<ActiveAlert> out = new ArrayList<>();
        for (GroupRunner runner : workspaces.getOrDefault(workspaceId, Map.of()).values()) {
            for (RuleRunner rule : runner.rules) {
                if (rule instanceof AlertingRuleRunner alerting) {
                    out.addAll(alerting.activeAlerts());
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (Map<String, GroupRunner> groups : workspaces.values()) {
                groups.values().forEach(GroupRunner::stop);
            }
            workspaces.clear();
        }
        scheduler.close();
    }
}
