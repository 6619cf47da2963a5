package io.hearth.plugins.rules;

import io.hearth.spi.query.QueryException;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.rules.RuleGroupState;
import io.hearth.spi.rules.RuleState;
import io.hearth.spi.rules.RuleWorkspace;
import io.hearth.spi.storage.AppendResult;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.Rejection;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StaleMarker;
import io.hearth.spi.storage.ValueType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one rule group on its interval, as Prometheus's group loop does: the first evaluation at
 * the group's next slot, later ones one interval apart; an evaluation that overruns makes the next
 * one skip the slots it missed (counted); the rules run in order, each seeing what the earlier ones
 * wrote; after the second evaluation following a restart, alert state is restored from
 * {@code ALERTS_FOR_STATE}.
 */
final class GroupRunner {

    private static final Logger LOG = Logger.getLogger(GroupRunner.class.getName());

    final RuleGroup group;
    final RuleWorkspace workspace;
    private final Scheduler scheduler;
    private final EvaluatorSettings settings;
    private final GroupContext context;
    private final long hash;
    final List<RuleRunner> rules;
    private final Map<RuleRunner, String> generatorUrls = new HashMap<>();
    /** Series of rules dropped by a reload, which get stale markers at the next evaluation. */
    private List<Labels> staleSeries = new ArrayList<>();
    private final ReentrantLock evaluating = new ReentrantLock();

    /** Where alerts go; the kernel may hand a new sink with an otherwise unchanged workspace. */
    private volatile io.hearth.spi.rules.AlertSink sink;
    private volatile boolean stopped;
    private Scheduler.Task next;
    private volatile boolean shouldRestore;
    private long evalTimestamp;
    private int iterations;

    private volatile long lastEvaluationMillis;
    private volatile double evaluationSeconds;
    private volatile long evaluations;
    private volatile long failedEvaluations;
    private volatile long missedIterations;

    GroupRunner(RuleGroup group, RuleWorkspace workspace, Scheduler scheduler, EvaluatorSettings settings,
            boolean shouldRestore) {
        this.group = group;
        this.workspace = workspace;
        this.scheduler = scheduler;
        this.settings = settings;
        this.shouldRestore = shouldRestore;
        this.sink = workspace.alerts();
        long interval = intervalMillis();
        long offset = group.queryOffsetMillis() >= 0 ? group.queryOffsetMillis() : workspace.defaultQueryOffsetMillis();
        this.context = new GroupContext(workspace, offset, group.limit(), interval, settings);
        this.hash = GroupSlots.hash(group.namespace(), group.name());
        List<RuleRunner> runners = new ArrayList<>(group.rules().size());
        for (Rule rule : group.rules()) {
            RuleRunner runner = switch (rule) {
                case Rule.Recording r -> new RecordingRuleRunner(r, group.labels());
                case Rule.Alerting a -> new AlertingRuleRunner(a, group.labels(), !shouldRestore);
            };
            runners.add(runner);
            String expression = rule.expression();
            try {
                expression = workspace.queryEngine().format(expression);
            } catch (QueryException e) {
                // the kernel validated it; keep the text as written
            }
            generatorUrls.put(runner, AlertingRuleRunner.generatorUrl(workspace.externalUrl(), expression));
        }
        this.rules = List.copyOf(runners);
    }

    long intervalMillis() {
        return group.intervalMillis() > 0 ? group.intervalMillis() : settings.defaultIntervalMillis();
    }

    /** The group's key across reloads: its namespace and name. */
    String key() {
        return group.namespace() + ";" + group.name();
    }

    /** Starts the loop: the first evaluation at the group's next slot. */
    void start() {
        long interval = intervalMillis();
        evalTimestamp = GroupSlots.slotAtOrBefore(hash, interval, scheduler.now()) + interval;
        scheduleAt(evalTimestamp);
    }

    private synchronized void scheduleAt(long timeMillis) {
        if (!stopped) {
            next = scheduler.schedule(this::tick, timeMillis - scheduler.now());
        }
    }

    /** Stops the loop and waits for an evaluation in progress. */
    void stop() {
        stopped = true;
        synchronized (this) {
            if (next != null) {
                next.cancel();
            }
        }
        evaluating.lock();
        evaluating.unlock();
    }

    private void tick() {
        evaluating.lock();
        try {
            if (stopped) {
                return;
            }
            long interval = intervalMillis();
            if (iterations > 0) {
                long missed = Math.max(0, (scheduler.now() - evalTimestamp) / interval - 1);
                missedIterations += missed;
                evalTimestamp += (missed + 1) * interval;
            }
            try {
                evaluate(evalTimestamp);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "evaluating rule group " + key() + " of workspace " + workspace.workspaceId()
                        + " failed", e);
            }
            iterations++;
            if (shouldRestore && iterations == 2) {
                restoreForState(scheduler.now());
            }
        } finally {
            evaluating.unlock();
        }
        scheduleAt(evalTimestamp + intervalMillis());
    }

    /** One evaluation of every rule at {@code ts}; package-visible for tests. */
    void evaluate(long ts) {
        long started = scheduler.now();
        long t0 = System.nanoTime();
        long stalenessTs = ts - context.queryOffsetMillis();
        for (RuleRunner rule : rules) {
            if (stopped) {
                return;
            }
            long ruleStarted = scheduler.now();
            long r0 = System.nanoTime();
            try {
                List<OutputSample> out = rule.evaluate(context, ts);
                rule.succeeded();
                if (rule instanceof AlertingRuleRunner alerting) {
                    List<Alert> alerts = alerting.alertsToSend(ts, settings.resendDelayMillis(), intervalMillis(),
                            generatorUrls.get(rule));
                    if (!alerts.isEmpty()) {
                        notify(alerts);
                    }
                }
                write(rule, out, stalenessTs);
            } catch (QueryException | RuleFailure e) {
                rule.failed(e.getMessage());
                failedEvaluations++;
                LOG.log(Level.FINE, () -> "rule " + rule.rule.name() + " of group " + key() + " failed: " + e.getMessage());
            } catch (RuntimeException e) {
                rule.failed(e.toString());
                failedEvaluations++;
                LOG.log(Level.WARNING, "rule " + rule.rule.name() + " of group " + key() + " failed", e);
            } finally {
                rule.lastEvaluationMillis = ruleStarted;
                rule.evaluationSeconds = (System.nanoTime() - r0) / 1e9;
            }
        }
        writeStale(stalenessTs);
        evaluations++;
        lastEvaluationMillis = started;
        evaluationSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private void notify(List<Alert> alerts) {
        try {
            sink.send(workspace.workspaceId(), withExternalLabels(alerts, workspace.externalLabels()));
        } catch (RuntimeException e) {
            // the sink is the kernel's; a failure there must not cost the rule its results
            LOG.log(Level.WARNING, "handing " + alerts.size() + " alerts of group " + key() + " to the sink failed", e);
        }
    }

    /**
     * The alerts with each external label they do not set themselves, as Prometheus's notifier
     * adds them before sending; the alerts' own labels win.
     */
    static List<Alert> withExternalLabels(List<Alert> alerts, Labels external) {
        if (external.isEmpty()) {
            return alerts;
        }
        List<Alert> out = new ArrayList<>(alerts.size());
        for (Alert a : alerts) {
            Labels.Builder b = a.labels().toBuilder();
            for (int i = 0; i < external.size(); i++) {
                if (a.labels().get(external.name(i)).isEmpty()) {
                    b.set(external.name(i), external.value(i));
                }
            }
            out.add(new Alert(b.build(), a.annotations(), a.startsAtMillis(), a.endsAtMillis(), a.generatorUrl()));
        }
        return out;
    }

    /**
     * Whether this runner can go on for a new schedule: the same group definition over the same
     * storage, engine, query offset, URL and external labels (a new alert sink is taken over by
     * {@link #useSink}).
     */
    boolean canContinueAs(RuleGroup group, RuleWorkspace other) {
        return this.group.equals(group) && workspace.workspaceId().equals(other.workspaceId())
                && workspace.storage() == other.storage() && workspace.queryEngine() == other.queryEngine()
                && workspace.defaultQueryOffsetMillis() == other.defaultQueryOffsetMillis()
                && workspace.externalUrl().equals(other.externalUrl())
                && workspace.externalLabels().equals(other.externalLabels());
    }

    void useSink(io.hearth.spi.rules.AlertSink newSink) {
        this.sink = newSink;
    }

    /** Whether this group still has to restore alert state (it was scheduled after a restart and has not yet). */
    boolean restorePending() {
        return shouldRestore;
    }

    /** Appends a rule's samples and stale markers for its series that went away, in one batch. */
    private void write(RuleRunner rule, List<OutputSample> samples, long timestamp) {
        Appender appender = workspace.storage().appender();
        Set<Labels> written = new HashSet<>(samples.size() * 2);
        String error = null;
        for (OutputSample s : samples) {
            if (s.histogram() != null) {
                try {
                    s.histogram().requireStorable();
                } catch (IllegalArgumentException e) {
                    // -h or h / 0 in a recording rule: Prometheus's TSDB refuses the sample and the rule turns unhealthy
                    error = e.getMessage();
                    continue;
                }
            }
            AppendResult r = s.histogram() != null ? appender.appendHistogram(s.labels(), timestamp, s.histogram())
                    : appender.append(s.labels(), timestamp, s.value());
            if (!r.rejected()) {
                written.add(s.labels());
            }
        }
        for (Labels gone : rule.previousSeries) {
            if (!written.contains(gone)) {
                appender.append(gone, timestamp, StaleMarker.VALUE);
            }
        }
        try {
            appender.commit();
        } catch (IOException e) {
            appender.rollback();
            rule.failed(e.getMessage());
            failedEvaluations++;
            LOG.log(Level.WARNING, "writing the results of rule " + rule.rule.name() + " failed", e);
            return;
        }
        for (Rejection rejection : appender.rejections()) {
            if (written.remove(rejection.series())) {
                // a result Prometheus would also discard: the rule is unhealthy, the rest is kept
                error = switch (rejection.reason()) {
                    case OUT_OF_ORDER -> "out of order sample";
                    case DUPLICATE_DIFFERENT_VALUE -> "duplicate sample for timestamp";
                    default -> rejection.message();
                };
                LOG.log(Level.FINE, rejection::message);
            }
        }
        if (error != null) {
            rule.failed(error);
        }
        rule.previousSeries = written;
    }

    private void writeStale(long timestamp) {
        if (staleSeries.isEmpty()) {
            return;
        }
        Appender appender = workspace.storage().appender();
        for (Labels s : staleSeries) {
            appender.append(s, timestamp, StaleMarker.VALUE);
        }
        try {
            appender.commit();
            staleSeries = new ArrayList<>();
        } catch (IOException e) {
            appender.rollback();
            LOG.log(Level.WARNING, "writing stale markers for removed rules failed", e);
        }
    }

    /**
     * Restores when pending and firing alerts became active, from the last {@code ALERTS_FOR_STATE}
     * sample of each within the outage tolerance, as Prometheus does: an alert that was firing
     * fires again; one that was pending resumes its wait, shifted by the time the server was down,
     * and waits at least the grace period.
     */
    void restoreForState(long now) {
        long mint = now - settings.outageToleranceMillis();
        long grace = settings.forGracePeriodMillis();
        try (Querier querier = workspace.storage().querier(mint, now)) {
            for (RuleRunner runner : rules) {
                if (!(runner instanceof AlertingRuleRunner rule)) {
                    continue;
                }
                long hold = rule.alerting().forMillis();
                if (hold < grace) {
                    rule.restored = true;
                    continue;
                }
                List<LabelMatcher> matchers = new ArrayList<>();
                matchers.add(LabelMatcher.equal("__name__", "ALERTS_FOR_STATE"));
                matchers.add(LabelMatcher.equal("alertname", rule.rule.name()));
                for (int i = 0; i < rule.labels.size(); i++) {
                    if (!rule.labels.value(i).contains("{{")) {
                        matchers.add(LabelMatcher.equal(rule.labels.name(i), rule.labels.value(i)));
                    }
                }
                Map<Labels, long[]> last = new HashMap<>(); // labels without __name__ -> {t, value bits}
                SeriesSet set = querier.select(mint, now, matchers);
                SampleIterator it = null;
                while (set.next()) {
                    it = set.at().iterator(it);
                    long t = Long.MIN_VALUE;
                    double v = 0;
                    while (it.next() == ValueType.FLOAT) {
                        t = it.timestamp();
                        v = it.value();
                    }
                    if (t != Long.MIN_VALUE) {
                        last.put(set.at().labels().toBuilder().remove("__name__").build(),
                                new long[] {t, Double.doubleToRawLongBits(v)});
                    }
                }
                for (TrackedAlert a : rule.active.values()) {
                    long[] point = last.get(a.labels);
                    if (point == null) {
                        continue;
                    }
                    double v = Double.longBitsToDouble(point[1]);
                    if (StaleMarker.isStale(v)) {
                        continue; // it had gone before the restart
                    }
                    long downAt = Math.floorDiv(point[0], 1000) * 1000;
                    long restoredActiveAt = (long) v * 1000;
                    long remaining = hold - (downAt - restoredActiveAt);
                    if (remaining <= 0) {
                        // it was firing: it fires again at the next evaluation if still active
                    } else if (remaining < grace) {
                        restoredActiveAt = now + grace - hold;
                    } else {
                        restoredActiveAt += now - downAt;
                    }
                    a.activeAt = restoredActiveAt;
                }
                rule.restored = true;
                rule.publish();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "restoring the alert state of group " + key() + " failed", e);
            for (RuleRunner r : rules) {
                if (r instanceof AlertingRuleRunner a) {
                    a.restored = true;
                }
            }
        }
        shouldRestore = false;
    }

    /**
     * Takes over the state of the group this one replaces, as a Prometheus reload does: rules
     * matched by name and labels keep their alerts and their last series; the series of rules that
     * are gone get stale markers at the next evaluation.
     */
    void copyState(GroupRunner from) {
        lastEvaluationMillis = from.lastEvaluationMillis;
        evaluationSeconds = from.evaluationSeconds;
        Map<String, List<RuleRunner>> byIdentity = new HashMap<>();
        for (RuleRunner r : from.rules) {
            byIdentity.computeIfAbsent(r.identity(), k -> new ArrayList<>()).add(r);
        }
        for (RuleRunner r : rules) {
            List<RuleRunner> matches = byIdentity.get(r.identity());
            if (matches == null || matches.isEmpty()) {
                continue;
            }
            RuleRunner old = matches.remove(0);
            r.previousSeries = old.previousSeries;
            if (r instanceof AlertingRuleRunner now && old instanceof AlertingRuleRunner before) {
                for (Map.Entry<Labels, TrackedAlert> e : before.active.entrySet()) {
                    now.active.put(e.getKey(), e.getValue().copy());
                }
                now.publish();
            }
        }
        staleSeries = new ArrayList<>(from.staleSeries);
        for (List<RuleRunner> unmatched : byIdentity.values()) {
            for (RuleRunner r : unmatched) {
                staleSeries.addAll(r.previousSeries);
            }
        }
    }

    /** Every series this group's rules wrote last, for stale markers when the group is removed. */
    List<Labels> lastSeries() {
        List<Labels> out = new ArrayList<>(staleSeries);
        for (RuleRunner r : rules) {
            out.addAll(r.previousSeries);
        }
        return out;
    }

    RuleGroupState state() {
        List<RuleState> states = new ArrayList<>(rules.size());
        for (RuleRunner r : rules) {
            states.add(r.state());
        }
        return new RuleGroupState(group, states, lastEvaluationMillis, evaluationSeconds, evaluations, failedEvaluations,
                missedIterations);
    }
}
