package io.hearth.kernel.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.kernel.amp.AmpException;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.storage.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A rule file read as promtool reads it: what it becomes, and the message of each thing refused. */
class RuleFileParserTest {

    private final RuleFileParser parser = new RuleFileParser(PromqlEngine.bound());

    @Test
    void aFileBecomesItsGroupsInOrderWithDurationsInMillisecondsAndDefaultsWhereAbsent() {
        List<RuleGroup> groups = parser.parse("team", """
                groups:
                  - name: fast
                    interval: 1h30m
                    query_offset: 15s
                    limit: 10
                    labels:
                      team: infra
                    rules:
                      - record: job:up:sum
                        expr: sum   by(job)(up)
                        labels:
                          level: 5
                      - alert: InstanceDown
                        expr: up == 0
                        for: 5m
                        keep_firing_for: 1m30s
                        labels:
                          severity: page
                          urgent: true
                        annotations:
                          summary: "{{ $labels.instance }} is down"
                          runbook: ""
                  - name: defaults
                    rules:
                      - alert: Always
                        expr: vector(1)
                        for: 0
                """);
        assertEquals(2, groups.size());
        RuleGroup fast = groups.get(0);
        assertEquals(new RuleGroup("team", "fast", 5_400_000, 15_000, 10, Labels.of("team", "infra"), List.of(
                new Rule.Recording("job:up:sum", "sum by (job) (up)", Labels.of("level", "5")),
                new Rule.Alerting("InstanceDown", "up == 0", 300_000, 90_000,
                        Labels.of("severity", "page", "urgent", "true"),
                        // an empty annotation stays, as in Prometheus; an empty label would not
                        Map.of("summary", "{{ $labels.instance }} is down", "runbook", "")))), fast);
        assertEquals(new RuleGroup("team", "defaults", 0, -1, 0, Labels.EMPTY, List.of(
                new Rule.Alerting("Always", "vector(1)", 0, 0, Labels.EMPTY, Labels.EMPTY))), groups.get(1));
    }

    @Test
    void anEmptyFileHasNoGroups() {
        assertEquals(List.of(), parser.parse("n", ""));
        assertEquals(List.of(), parser.parse("n", "groups: []"));
    }

    @Test
    void scalarsKeepTheirTextAsGoReadsThemIntoStrings() {
        RuleGroup group = parser.parse("n", """
                groups:
                  - name: 2024
                    rules:
                      - record: r
                        expr: "1"
                        labels: {a: yes, b: 1.50, c: 0x1F, d: ~, e: ""}
                """).get(0);
        assertEquals("2024", group.name());
        assertEquals(Labels.of("a", "yes", "b", "1.50", "c", "0x1F", "d", "", "e", ""), group.rules().get(0).labels());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            'groups: ['                                                                 | the rule file is not valid YAML:
            'rules: []'                                                                 | the rule file must be a mapping with one key, groups, holding a list of groups
            'groups: {a: 1}'                                                            | the rule file must be a mapping with one key, groups, holding a list of groups
            '[1, 2]'                                                                    | the rule file must be a mapping with one key, groups, holding a list of groups
            'groups: [1]'                                                               | group 1 is not a mapping
            'groups: [{name: a, rules: [], extra: 1}]'                                  | group 1: field extra not found in type rulefmt
            'groups: [{rules: []}]'                                                     | group 1 has no name
            'groups: [{name: a, rules: []}, {name: a, rules: []}]'                      | groupname: "a" is repeated in the same file
            'groups: [{name: a, interval: soon, rules: []}]'                            | group "a": interval: not a valid duration string: "soon"
            'groups: [{name: a, interval: 30s1m, rules: []}]'                           | group "a": interval: not a valid duration string: "30s1m"
            'groups: [{name: a, query_offset: 1.5m, rules: []}]'                        | group "a": query_offset: not a valid duration string: "1.5m"
            'groups: [{name: a, limit: -1, rules: []}]'                                 | group "a": limit must be a whole number of at least 0
            'groups: [{name: a, limit: many, rules: []}]'                               | group "a": limit must be a whole number of at least 0
            'groups: [{name: a, labels: [x], rules: []}]'                               | group "a": labels must be a mapping
            'groups: [{name: a, labels: {0bad: x}, rules: []}]'                         | group "a": labels: invalid label name: 0bad
            'groups: [{name: a}]'                                                       | group "a": rules must be a list
            'groups: [{name: a, rules: [x]}]'                                           | group "a", rule 1: a rule must be a mapping
            'groups: [{name: a, rules: [{record: r, expr: up, extra: 1}]}]'             | group "a", rule 1: field extra not found in type rulefmt
            'groups: [{name: a, rules: [{expr: up}]}]'                                  | group "a", rule 1: one of 'record' or 'alert' must be set
            'groups: [{name: a, rules: [{record: r, alert: A, expr: up}]}]'             | group "a", rule 1: one of 'record' or 'alert' must be set
            'groups: [{name: a, rules: [{record: bad-name, expr: up}]}]'                | group "a", rule 1, "bad-name": invalid recording rule name
            'groups: [{name: a, rules: [{record: r, expr: up, for: 1m}]}]'              | group "a", rule 1, "r": invalid field for a recording rule (for, keep_firing_for or annotations)
            'groups: [{name: a, rules: [{record: r, expr: up, annotations: {}}]}]'      | group "a", rule 1, "r": invalid field for a recording rule (for, keep_firing_for or annotations)
            'groups: [{name: a, rules: [{alert: " ", expr: up}]}]'                      | group "a", rule 1: invalid alerting rule name
            'groups: [{name: a, rules: [{alert: A}]}]'                                  | group "a", rule 1, "A": field 'expr' must be set in rule
            'groups: [{name: a, rules: [{record: r, expr: "sum(up"}]}]'                 | group "a", rule 1, "r": could not parse expression:
            'groups: [{name: a, rules: [{alert: A, expr: up, for: soon}]}]'             | group "a", rule 1, "A": for: not a valid duration string: "soon"
            'groups: [{name: a, rules: [{alert: A, expr: up, keep_firing_for: 5}]}]'    | group "a", rule 1, "A": keep_firing_for: not a valid duration string: "5"
            'groups: [{name: a, rules: [{alert: A, expr: up, labels: x}]}]'             | group "a", rule 1, "A": labels must be a mapping
            'groups: [{name: a, rules: [{alert: A, expr: up, labels: {a-b: x}}]}]'      | group "a", rule 1, "A": labels: invalid label name: a-b
            'groups: [{name: a, rules: [{alert: A, expr: up, labels: {a: [x]}}]}]'      | group "a", rule 1, "A": labels: the value of a must be a string
            'groups: [{name: a, rules: [{alert: A, expr: up, annotations: {1x: y}}]}]'  | group "a", rule 1, "A": annotations: invalid label name: 1x
            """)
    void refusesWithAValidationExceptionNamingGroupRuleAndProblem(String file, String message) {
        AmpException e = assertThrows(AmpException.class, () -> parser.parse("n", file));
        assertEquals("ValidationException", e.type());
        assertEquals(400, e.status());
        String actual = e.body().getString("message");
        assertTrue(actual.startsWith(message), () -> "expected a message starting with <" + message + ">, got <" + actual + ">");
        assertEquals("data", e.body().getJsonArray("fieldList").getJsonObject(0).getString("name"));
    }
}
