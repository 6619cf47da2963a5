package io.hearth.kernel.rules;

import io.hearth.kernel.query.LabelsJson;
import io.hearth.spi.rules.ActiveAlert;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleGroupState;
import io.hearth.spi.rules.RuleState;
import io.hearth.spi.storage.Labels;
import jakarta.json.stream.JsonGenerator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code data} of {@code /api/v1/rules} and {@code /api/v1/alerts} as Prometheus 3 writes it:
 * members in Prometheus's order, durations as seconds in Go's shortest float form, times in
 * RFC 3339 with the fraction only when there is one (the zero time {@code 0001-01-01T00:00:00Z}
 * for never), alert values in Go's {@code 'e'} format ({@code "1e+00"}), {@code lastError} and
 * {@code keepFiringSince} only when set, and labels as objects sorted by name.
 */
final class RulesApiJson {

    /** Go's zero {@code time.Time}, what Prometheus shows for a rule never evaluated. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private RulesApiJson() {
    }

    /**
     * Writes {@code "data":{"groups":[...]}} (and {@code groupNextToken} when a page was cut).
     *
     * @param g the generator, inside the top-level object
     * @param groups the groups after filtering, each with at least one rule
     * @param excludeAlerts whether alerting rules carry {@code "alerts":null} instead of their alerts
     * @param nextToken the token of the next page, or null
     */
    static void rules(JsonGenerator g, List<RuleGroupState> groups, boolean excludeAlerts, String nextToken) {
        g.writeStartObject("data").writeStartArray("groups");
        for (RuleGroupState group : groups) {
            g.writeStartObject()
                    .write("name", group.group().name())
                    .write("file", group.group().namespace());
            g.writeStartArray("rules");
            for (RuleState rule : group.rules()) {
                rule(g, rule, group.group().labels(), excludeAlerts);
            }
            g.writeEnd();
            g.write("interval", seconds(group.group().intervalMillis() == 0 ? RuleDefaults.INTERVAL_MILLIS
                            : group.group().intervalMillis()))
                    .write("limit", group.group().limit())
                    .write("evaluationTime", goFloat(group.evaluationSeconds()))
                    .write("lastEvaluation", time(group.lastEvaluationMillis()))
                    .writeEnd();
        }
        g.writeEnd();
        if (nextToken != null) {
            g.write("groupNextToken", nextToken);
        }
        g.writeEnd();
    }

    /** Writes {@code "data":{"alerts":[...]}}. */
    static void alerts(JsonGenerator g, List<ActiveAlert> alerts) {
        g.writeStartObject("data").writeStartArray("alerts");
        for (ActiveAlert alert : alerts) {
            alert(g, alert);
        }
        g.writeEnd().writeEnd();
    }

    private static void rule(JsonGenerator g, RuleState state, Labels groupLabels, boolean excludeAlerts) {
        g.writeStartObject();
        switch (state.rule()) {
            case Rule.Alerting a -> {
                g.write("state", state.state().name().toLowerCase(Locale.ROOT))
                        .write("name", a.name())
                        .write("query", a.expression())
                        .write("duration", seconds(a.forMillis()))
                        .write("keepFiringFor", seconds(a.keepFiringForMillis()));
                LabelsJson.member(g, "labels", merged(groupLabels, a.labels()));
                annotations(g, a.annotations());
                if (excludeAlerts) {
                    g.writeNull("alerts");
                } else {
                    g.writeStartArray("alerts");
                    state.alerts().forEach(alert -> alert(g, alert));
                    g.writeEnd();
                }
                health(g, state);
                g.write("type", "alerting");
            }
            case Rule.Recording r -> {
                g.write("name", r.name()).write("query", r.expression());
                LabelsJson.member(g, "labels", merged(groupLabels, r.labels()));
                health(g, state);
                g.write("type", "recording");
            }
        }
        g.writeEnd();
    }

    /** Annotations as Prometheus writes them: an object in name order, empty texts included. */
    private static void annotations(JsonGenerator g, Map<String, String> annotations) {
        g.writeStartObject("annotations");
        annotations.forEach(g::write);
        g.writeEnd();
    }

    private static void health(JsonGenerator g, RuleState state) {
        g.write("health", state.health().name().toLowerCase(Locale.ROOT));
        if (!state.lastError().isEmpty()) {
            g.write("lastError", state.lastError());
        }
        g.write("evaluationTime", goFloat(state.evaluationSeconds()))
                .write("lastEvaluation", time(state.lastEvaluationMillis()));
    }

    private static void alert(JsonGenerator g, ActiveAlert alert) {
        g.writeStartObject();
        LabelsJson.member(g, "labels", alert.labels());
        annotations(g, alert.annotations());
        g.write("state", alert.state().name().toLowerCase(Locale.ROOT))
                .write("activeAt", time(alert.activeAtMillis()));
        if (alert.keepFiringSinceMillis() != 0) {
            g.write("keepFiringSince", time(alert.keepFiringSinceMillis()));
        }
        g.write("value", goExponent(alert.value()));
        g.writeEnd();
    }

    /** @return the group's labels overridden by the rule's, as Prometheus 3 merges them at load */
    static Labels merged(Labels group, Labels rule) {
        if (group.isEmpty()) {
            return rule;
        }
        Labels.Builder builder = group.toBuilder();
        for (int i = 0; i < rule.size(); i++) {
            builder.set(rule.name(i), rule.value(i));
        }
        return builder.build();
    }

    private static BigDecimal seconds(long millis) {
        return goFloat(millis / 1000.0);
    }

    /**
     * @return the number as Go's JSON encoder writes a float64: the shortest digits that read back
     *     as the same double, without exponent (exponents, below 1e-6, are written in upper case)
     */
    static BigDecimal goFloat(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return BigDecimal.ZERO;
        }
        BigDecimal shortest = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        return shortest.scale() < 0 ? shortest.setScale(0) : shortest;
    }

    /** @return Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}, as Prometheus writes an alert's value */
    static String goExponent(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        StringBuilder text = new StringBuilder(24);
        if (v < 0 || (v == 0 && Double.doubleToRawLongBits(v) != 0)) {
            text.append('-');
        }
        String digits;
        int exponent;
        if (v == 0) {
            digits = "0";
            exponent = 0;
        } else {
            BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
            digits = d.unscaledValue().toString();
            exponent = digits.length() - 1 - d.scale();
        }
        text.append(digits.charAt(0));
        if (digits.length() > 1) {
            text.append('.').append(digits, 1, digits.length());
        }
        text.append('e').append(exponent < 0 ? '-' : '+');
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            text.append('0');
        }
        return text.append(magnitude).toString();
    }

    /** @return the time as Go's RFC 3339 with nanoseconds, trailing zeros of the fraction dropped */
    static String time(long millis) {
        if (millis == 0) {
            return ZERO_TIME;
        }
        Instant instant = Instant.ofEpochMilli(millis);
        StringBuilder text = new StringBuilder(SECONDS.format(instant));
        int fraction = (int) Math.floorMod(millis, 1000L);
        if (fraction != 0) {
            String three = String.format(Locale.ROOT, "%03d", fraction);
            int end = three.length();
            while (three.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(three, 0, end);
        }
        return text.append('Z').toString();
    }
}
