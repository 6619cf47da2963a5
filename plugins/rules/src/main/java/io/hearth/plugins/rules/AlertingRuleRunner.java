package io.hearth.plugins.rules;

import io.hearth.plugins.rules.template.AlertTemplates;
import io.hearth.plugins.rules.template.GoMap;
import io.hearth.plugins.rules.template.PrometheusFunctions;
import io.hearth.plugins.rules.template.QueryResult;
import io.hearth.plugins.rules.template.TemplateFunction;
import io.hearth.plugins.rules.template.TemplateSample;
import io.hearth.plugins.rules.template.UrlQuery;
import io.hearth.spi.query.QueryException;
import io.hearth.spi.query.QueryValue;
import io.hearth.spi.rules.ActiveAlert;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.rules.AlertState;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleState;
import io.hearth.spi.storage.Labels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alerting rule with Prometheus's state machine: each result element is an alert (its labels,
 * the rule's templated labels and {@code alertname}); a new alert is pending, fires once it has been
 * active for {@code for}, keeps firing {@code keep_firing_for} after it stops being returned, and is
 * then resolved and kept 15 minutes so the resolution is notified. Each evaluation writes
 * {@code ALERTS} (1) and {@code ALERTS_FOR_STATE} (active-since, in seconds) for every pending and
 * firing alert, once the rule's state has been restored.
 */
final class AlertingRuleRunner extends RuleRunner {

    /** How long a resolved alert is kept, to be sent as resolved. */
    static final long RESOLVED_RETENTION_MILLIS = 15 * 60_000;

    private final Rule.Alerting alerting;
    /** The alerts by label set; touched only by the group's evaluating thread. */
    final Map<Labels, TrackedAlert> active = new LinkedHashMap<>();
    /** Whether ALERTS_FOR_STATE has been read back after a restart (or no restore is needed). */
    volatile boolean restored;
    /** The label and annotation templates, parsed once. */
    private final AlertTemplates.Compiled[] labelTemplates;
    private final String[] annotationNames;
    private final AlertTemplates.Compiled[] annotationTemplates;
    private volatile List<ActiveAlert> snapshot = List.of();
    private volatile AlertState maxState = AlertState.INACTIVE;

    AlertingRuleRunner(Rule.Alerting rule, Labels groupLabels, boolean restored) {
        super(rule, groupLabels);
        this.alerting = rule;
        this.restored = restored;
        this.labelTemplates = new AlertTemplates.Compiled[labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            labelTemplates[i] = AlertTemplates.compile(rule.name(), labels.value(i));
        }
        this.annotationNames = rule.annotations().keySet().toArray(new String[0]);
        this.annotationTemplates = new AlertTemplates.Compiled[annotationNames.length];
        for (int i = 0; i < annotationTemplates.length; i++) {
            annotationTemplates[i] = AlertTemplates.compile(rule.name(), rule.annotations().get(annotationNames[i]));
        }
    }

    Rule.Alerting alerting() {
        return alerting;
    }

    @Override
    List<OutputSample> evaluate(GroupContext group, long ts) throws QueryException, RuleFailure {
        List<QueryValue.Sample> result = group.query(rule.expression(), ts - group.queryOffsetMillis());
        String externalUrl = group.workspace().externalUrl();
        Map<String, String> externalLabels = group.workspace().externalLabels().toMap();
        Map<String, TemplateFunction> functions = PrometheusFunctions.of(q -> templateQuery(group, q, ts), ts, externalUrl);
        Map<Labels, TrackedAlert> fresh = new HashMap<>(result.size() * 2);
        for (QueryValue.Sample s : result) {
            Object value = s.histogram() != null ? s.histogram() : (Object) s.value();
            Object data = AlertTemplates.data(s.labels().toMap(), externalLabels, externalUrl, value);
            Labels.Builder b = s.labels().toBuilder().remove("__name__");
            for (int i = 0; i < labels.size(); i++) {
                b.set(labels.name(i), AlertTemplates.expand(labelTemplates[i], data, functions));
            }
            b.set("alertname", rule.name());
            // an annotation that expands to "" is kept, as Prometheus keeps it (labels that do are dropped)
            Map<String, String> annotations = new TreeMap<>();
            for (int i = 0; i < annotationNames.length; i++) {
                annotations.put(annotationNames[i], AlertTemplates.expand(annotationTemplates[i], data, functions));
            }
            Labels alertLabels = b.build();
            if (fresh.containsKey(alertLabels)) {
                throw new RuleFailure("vector contains metrics with the same labelset after applying alert labels");
            }
            fresh.put(alertLabels, new TrackedAlert(alertLabels, Collections.unmodifiableMap(annotations), s.value(), ts));
        }
        for (TrackedAlert a : fresh.values()) {
            TrackedAlert existing = active.get(a.labels);
            if (existing != null && existing.state != AlertState.INACTIVE) {
                existing.value = a.value;
                existing.annotations = a.annotations;
            } else {
                active.put(a.labels, a);
            }
        }
        List<OutputSample> out = new ArrayList<>();
        int activeCount = 0;
        for (Iterator<TrackedAlert> it = active.values().iterator(); it.hasNext(); ) {
            TrackedAlert a = it.next();
            if (!fresh.containsKey(a.labels)) {
                boolean keepFiring = false;
                if (a.state == AlertState.FIRING && alerting.keepFiringForMillis() > 0) {
                    if (a.keepFiringSince == TrackedAlert.NEVER) {
                        a.keepFiringSince = ts;
                    }
                    keepFiring = ts - a.keepFiringSince < alerting.keepFiringForMillis();
                }
                if (a.state == AlertState.PENDING || (a.resolvedAt != TrackedAlert.NEVER && ts - a.resolvedAt > RESOLVED_RETENTION_MILLIS)) {
                    it.remove();
                }
                if (a.state != AlertState.INACTIVE && !keepFiring) {
                    a.state = AlertState.INACTIVE;
                    a.resolvedAt = ts;
                }
                if (!keepFiring) {
                    continue;
                }
            } else {
                a.keepFiringSince = TrackedAlert.NEVER;
            }
            activeCount++;
            if (a.state == AlertState.PENDING && ts - a.activeAt >= alerting.forMillis()) {
                a.state = AlertState.FIRING;
                a.firedAt = ts;
            }
            if (a.state == AlertState.FIRING && ts - a.activeAt < alerting.forMillis()) {
                // a restored activeAt moved into the future: pending again until it has waited
                a.state = AlertState.PENDING;
                a.firedAt = TrackedAlert.NEVER;
                a.lastSentAt = TrackedAlert.NEVER;
                a.keepFiringSince = TrackedAlert.NEVER;
            }
            if (restored) {
                out.add(new OutputSample(seriesOf("ALERTS", a).set("alertstate", stateName(a.state)).build(), 1, null));
                out.add(new OutputSample(seriesOf("ALERTS_FOR_STATE", a).build(), Math.floorDiv(a.activeAt, 1000), null));
            }
        }
        if (group.limit() > 0 && activeCount > group.limit()) {
            active.clear();
            publish();
            throw new RuleFailure("exceeded limit of " + group.limit() + " with " + activeCount + " alerts");
        }
        publish();
        return out;
    }

    private Labels.Builder seriesOf(String metric, TrackedAlert a) {
        Labels.Builder b = labels.toBuilder();
        for (int i = 0; i < a.labels.size(); i++) {
            b.set(a.labels.name(i), a.labels.value(i));
        }
        return b.set("__name__", metric).set("alertname", rule.name());
    }

    private static String stateName(AlertState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static QueryResult templateQuery(GroupContext group, String expression, long ts) throws Exception {
        List<QueryValue.Sample> samples = group.query(expression, ts);
        List<TemplateSample> out = new ArrayList<>(samples.size());
        for (QueryValue.Sample s : samples) {
            out.add(new TemplateSample(GoMap.ofStrings(s.labels().toMap()), s.histogram() != null ? s.histogram() : s.value()));
        }
        return new QueryResult(out);
    }

    /**
     * The alerts to notify after an evaluation: firing ones not sent within the resend delay,
     * resolved ones not sent since they resolved.
     */
    List<Alert> alertsToSend(long ts, long resendDelayMillis, long intervalMillis, String generatorUrl) {
        List<Alert> out = new ArrayList<>();
        for (TrackedAlert a : active.values()) {
            if (!a.needsSending(ts, resendDelayMillis)) {
                continue;
            }
            a.lastSentAt = ts;
            a.validUntil = ts + 4 * Math.max(intervalMillis, resendDelayMillis);
            long endsAt = a.resolvedAt != TrackedAlert.NEVER ? a.resolvedAt : a.validUntil;
            out.add(new Alert(a.labels, a.annotations, a.firedAt, endsAt, generatorUrl));
        }
        return out;
    }

    /** Prometheus's link to the expression's table view: {@code <external URL>/graph?g0.expr=...&g0.tab=1}. */
    static String generatorUrl(String externalUrl, String expression) {
        return externalUrl + "/graph?g0.expr=" + UrlQuery.escape(expression) + "&g0.tab=1";
    }

    /** Makes the current alerts visible to API readers. */
    void publish() {
        List<ActiveAlert> list = new ArrayList<>();
        AlertState max = AlertState.INACTIVE;
        for (TrackedAlert a : active.values()) {
            if (a.state.ordinal() > max.ordinal()) {
                max = a.state;
            }
            if (a.resolvedAt == TrackedAlert.NEVER) {
                list.add(a.toActiveAlert());
            }
        }
        list.sort(Comparator.comparing(ActiveAlert::labels));
        snapshot = List.copyOf(list);
        maxState = max;
    }

    /** @return the pending and firing alerts */
    List<ActiveAlert> activeAlerts() {
        return snapshot;
    }

    @Override
    RuleState state() {
        return new RuleState(rule, health, lastError, lastEvaluationMillis, evaluationSeconds, maxState, snapshot);
    }
}
