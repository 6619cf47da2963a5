package io.hearth.kernel.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.kernel.query.PrometheusApiException;
import io.hearth.spi.rules.ActiveAlert;
import io.hearth.spi.rules.AlertState;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.rules.RuleGroupState;
import io.hearth.spi.rules.RuleHealth;
import io.hearth.spi.rules.RuleState;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code /api/v1/rules} and {@code /api/v1/alerts} as Prometheus 3 writes them, from the state a
 * canned evaluator reports, and the filters of {@code /api/v1/rules}.
 */
class RulesApiJsonTest {

    private static final long T = 1_700_000_000_000L; // 2023-11-14T22:13:20Z

    private static final ActiveAlert FIRING = new ActiveAlert(Labels.of("alertname", "InstanceDown", "instance", "a",
            "severity", "page"), Labels.of("summary", "a down"), AlertState.FIRING, T, 1.0, 0);
    private static final Rule.Recording SUM = new Rule.Recording("job:up:sum", "sum by (job) (up)", Labels.EMPTY);
    private static final Rule.Alerting DOWN = new Rule.Alerting("InstanceDown", "up == 0", 300_000, 0,
            Labels.of("severity", "page"), Labels.of("summary", "s"));
    private static final RuleGroupState TEAM = new RuleGroupState(
            new RuleGroup("team", "g1", 30_000, -1, 0, Labels.of("team", "infra"), List.of(SUM, DOWN)),
            List.of(new RuleState(SUM, RuleHealth.OK, "", T + 123, 0.000123, AlertState.INACTIVE, List.of()),
                    new RuleState(DOWN, RuleHealth.ERR, "boom", T + 100, 0.5, AlertState.FIRING, List.of(FIRING))),
            T + 100, 0.6, 10, 1, 0);
    private static final Rule.Recording X = new Rule.Recording("x", "vector(1)", Labels.EMPTY);
    private static final RuleGroupState NEVER = new RuleGroupState(
            new RuleGroup("a-ns", "z", 0, -1, 5, Labels.EMPTY, List.of(X)),
            List.of(new RuleState(X, RuleHealth.UNKNOWN, "", 0, 0, AlertState.INACTIVE, List.of())), 0, 0, 0, 0, 0);
    private static final RuleGroupState EMPTY = new RuleGroupState(
            new RuleGroup("team", "empty", 0, -1, 0, Labels.EMPTY, List.of()), List.of(), 0, 0, 0, 0, 0);
    private static final List<RuleGroupState> ALL = List.of(TEAM, EMPTY, NEVER);

    private static final String NEVER_JSON = "{\"name\":\"z\",\"file\":\"a-ns\",\"rules\":[{\"name\":\"x\",\"query\":\"vector(1)\","
            + "\"labels\":{},\"health\":\"unknown\",\"evaluationTime\":0,\"lastEvaluation\":\"0001-01-01T00:00:00Z\","
            + "\"type\":\"recording\"}],\"interval\":60,\"limit\":5,\"evaluationTime\":0,"
            + "\"lastEvaluation\":\"0001-01-01T00:00:00Z\"}";
    private static final String SUM_JSON = "{\"name\":\"job:up:sum\",\"query\":\"sum by (job) (up)\",\"labels\":{\"team\":\"infra\"},"
            + "\"health\":\"ok\",\"evaluationTime\":0.000123,\"lastEvaluation\":\"2023-11-14T22:13:20.123Z\",\"type\":\"recording\"}";
    private static final String ALERT_JSON = "{\"labels\":{\"alertname\":\"InstanceDown\",\"instance\":\"a\",\"severity\":\"page\"},"
            + "\"annotations\":{\"summary\":\"a down\"},\"state\":\"firing\",\"activeAt\":\"2023-11-14T22:13:20Z\",\"value\":\"1e+00\"}";

    private static String downJson(String alerts) {
        return "{\"state\":\"firing\",\"name\":\"InstanceDown\",\"query\":\"up == 0\",\"duration\":300,\"keepFiringFor\":0,"
                + "\"labels\":{\"severity\":\"page\",\"team\":\"infra\"},\"annotations\":{\"summary\":\"s\"},\"alerts\":" + alerts
                + ",\"health\":\"err\",\"lastError\":\"boom\",\"evaluationTime\":0.5,\"lastEvaluation\":\"2023-11-14T22:13:20.1Z\","
                + "\"type\":\"alerting\"}";
    }

    private static String teamJson(String rules) {
        return "{\"name\":\"g1\",\"file\":\"team\",\"rules\":[" + rules + "],\"interval\":30,\"limit\":0,\"evaluationTime\":0.6,"
                + "\"lastEvaluation\":\"2023-11-14T22:13:20.1Z\"}";
    }

    @Test
    void rulesAreGroupsSortedByFileThenNameWithEmptyGroupsLeftOut() {
        assertEquals("{\"status\":\"success\",\"data\":{\"groups\":[" + NEVER_JSON + ","
                + teamJson(SUM_JSON + "," + downJson("[" + ALERT_JSON + "]")) + "]}}", rules(all()));
    }

    @Test
    void typeKeepsOneKindOfRule() {
        assertEquals("{\"status\":\"success\",\"data\":{\"groups\":[" + teamJson(downJson("[" + ALERT_JSON + "]")) + "]}}",
                rules(filter("alert", List.of(), List.of(), List.of(), List.of(), null, null, null)));
        assertEquals("{\"status\":\"success\",\"data\":{\"groups\":[" + NEVER_JSON + "," + teamJson(SUM_JSON) + "]}}",
                rules(filter("RECORD", List.of(), List.of(), List.of(), List.of(), null, null, null)));
    }

    @Test
    void excludeAlertsWritesNullAlerts() {
        assertEquals("{\"status\":\"success\",\"data\":{\"groups\":[" + teamJson(downJson("null")) + "]}}",
                rules(filter(null, List.of("InstanceDown"), List.of(), List.of(), List.of(), "true", null, null)));
    }

    @Test
    void namesGroupsFilesAndMatchersNarrowTheAnswer() {
        assertEquals(List.of("x"), ruleNames(filter(null, List.of(), List.of("z"), List.of(), List.of(), null, null, null)));
        assertEquals(List.of("job:up:sum", "InstanceDown"),
                ruleNames(filter(null, List.of(), List.of(), List.of("team"), List.of(), null, null, null)));
        assertEquals(List.of("job:up:sum"), ruleNames(filter(null, List.of("job:up:sum", "nope"), List.of(), List.of(),
                List.of(), null, null, null)));
        assertEquals(List.of("InstanceDown"), ruleNames(filter(null, List.of(), List.of(), List.of(),
                List.of(List.of(LabelMatcher.equal("severity", "page"))), null, null, null)));
        assertEquals(List.of("job:up:sum", "InstanceDown"), ruleNames(filter(null, List.of(), List.of(), List.of(),
                List.of(List.of(LabelMatcher.equal("team", "infra"))), null, null, null)), "group labels count");
        assertEquals(List.of(), ruleNames(filter(null, List.of(), List.of("g1"), List.of("a-ns"), List.of(), null, null, null)));
    }

    @Test
    void groupLimitPagesWithPrometheusTokens() {
        RulesFilter first = filter(null, List.of(), List.of(), List.of(), List.of(), null, "1", null);
        RulesFilter.Page page = first.apply(ALL);
        assertEquals(List.of("z"), page.groups().stream().map(g -> g.group().name()).toList());
        assertEquals(RulesFilter.token(TEAM), page.nextToken());
        assertEquals(64, page.nextToken().length());
        RulesFilter.Page second = filter(null, List.of(), List.of(), List.of(), List.of(), null, "1", page.nextToken()).apply(ALL);
        assertEquals(List.of("g1"), second.groups().stream().map(g -> g.group().name()).toList());
        assertEquals(null, second.nextToken());
        String json = rules(g -> RulesApiJson.rules(g, page.groups(), false, page.nextToken()));
        assertEquals(true, json.endsWith("],\"groupNextToken\":\"" + page.nextToken() + "\"}}"), json);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            type           | rules        | invalid parameter "type": not supported value "rules"
            exclude_alerts | maybe        | invalid parameter "exclude_alerts": error converting exclude_alerts: strconv.ParseBool: parsing "maybe": invalid syntax
            group_limit    | 0            | invalid parameter "group_limit": group_limit needs to be greater than 0
            group_limit    | x            | invalid parameter "group_limit": group_limit needs to be a valid number: strconv.ParseInt: parsing "x": invalid syntax
            group_next_token | abc        | invalid parameter "group_next_token": group_limit needs to be present in order to paginate over the groups
            """)
    void badParametersAreBadData(String parameter, String value, String message) {
        PrometheusApiException e = assertThrows(PrometheusApiException.class, () -> filter(
                parameter.equals("type") ? value : null, List.of(), List.of(), List.of(), List.of(),
                parameter.equals("exclude_alerts") ? value : null, parameter.equals("group_limit") ? value : null,
                parameter.equals("group_next_token") ? value : null));
        assertEquals("bad_data", e.errorType());
        assertEquals(message, e.getMessage());
    }

    @Test
    void anUnknownPageTokenIsBadData() {
        PrometheusApiException e = assertThrows(PrometheusApiException.class,
                () -> filter(null, List.of(), List.of(), List.of(), List.of(), null, "1", "feed").apply(ALL));
        assertEquals("invalid parameter \"group_next_token\": invalid group_next_token 'feed'. were rule groups changed?",
                e.getMessage());
    }

    @Test
    void alertsAreListedWithKeepFiringSinceOnlyWhenSet() {
        ActiveAlert kept = new ActiveAlert(Labels.of("alertname", "B"), Labels.EMPTY, AlertState.FIRING, T - 60_000, -0.25,
                T + 5);
        ActiveAlert pending = new ActiveAlert(Labels.of("alertname", "C"), Map.of("summary", ""), AlertState.PENDING, T,
                12345, 0);
        assertEquals("{\"status\":\"success\",\"data\":{\"alerts\":[" + ALERT_JSON
                + ",{\"labels\":{\"alertname\":\"B\"},\"annotations\":{},\"state\":\"firing\",\"activeAt\":\"2023-11-14T22:12:20Z\","
                + "\"keepFiringSince\":\"2023-11-14T22:13:20.005Z\",\"value\":\"-2.5e-01\"},"
                + "{\"labels\":{\"alertname\":\"C\"},\"annotations\":{\"summary\":\"\"},\"state\":\"pending\",\"activeAt\":\"2023-11-14T22:13:20Z\","
                + "\"value\":\"1.2345e+04\"}]}}", json(g -> RulesApiJson.alerts(g, List.of(FIRING, kept, pending))));
        assertEquals("{\"status\":\"success\",\"data\":{\"alerts\":[]}}", json(g -> RulesApiJson.alerts(g, List.of())));
    }

    @ParameterizedTest(name = "{0} is \"{1}\"")
    @CsvSource({"1, 1e+00", "1.5, 1.5e+00", "0.00003, 3e-05", "1e100, 1e+100", "-2, -2e+00", "0, 0e+00", "-0.0, -0e+00",
        "NaN, NaN", "Infinity, +Inf", "-Infinity, -Inf", "123456789.125, 1.23456789125e+08"})
    void alertValuesAreInGoExponentFormat(double value, String text) {
        assertEquals(text, RulesApiJson.goExponent(value));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"60, 60", "0.5, 0.5", "0.000123, 0.000123", "1e20, 100000000000000000000", "0, 0", "0.1, 0.1"})
    void durationsAreGoFloats(double seconds, String text) {
        assertEquals(text, RulesApiJson.goFloat(seconds).toString());
    }

    private static RulesFilter all() {
        return filter(null, List.of(), List.of(), List.of(), List.of(), null, null, null);
    }

    private static RulesFilter filter(String type, List<String> names, List<String> groups, List<String> files,
            List<List<LabelMatcher>> matchers, String excludeAlerts, String limit, String token) {
        return RulesFilter.of(type, names, groups, files, matchers, excludeAlerts, limit, token);
    }

    private static List<String> ruleNames(RulesFilter filter) {
        return filter.apply(ALL).groups().stream().flatMap(g -> g.rules().stream()).map(r -> r.rule().name()).toList();
    }

    private static String rules(RulesFilter filter) {
        RulesFilter.Page page = filter.apply(ALL);
        return rules(g -> RulesApiJson.rules(g, page.groups(), filter.excludeAlerts(), page.nextToken()));
    }

    private static String rules(Consumer<JsonGenerator> body) {
        return json(body);
    }

    private static String json(Consumer<JsonGenerator> body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Json.createGenerator(out)) {
            g.writeStartObject().write("status", "success");
            body.accept(g);
            g.writeEnd();
        }
        return out.toString();
    }
}
