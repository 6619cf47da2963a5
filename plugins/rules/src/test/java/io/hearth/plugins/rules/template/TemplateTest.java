package io.hearth.plugins.rules.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The template language and Prometheus's functions, against outputs Prometheus's own template
 * package produces for the same inputs.
 */
class TemplateTest {

    /** The evaluation time of Prometheus's template tests: 2012-11-24 11:14:12 UTC. */
    private static final long NOW = 1353755652000L;

    private static final QueryResult METRICS = new QueryResult(List.of(
            new TemplateSample(GoMap.ofStrings(Map.of("__name__", "metric", "instance", "b")), 21.0),
            new TemplateSample(GoMap.ofStrings(Map.of("__name__", "metric", "instance", "a")), 11.0)));

    private static String run(String text, Object data) throws TemplateException {
        Map<String, TemplateFunction> functions = PrometheusFunctions.of(q -> {
            if (q.equals("missing")) {
                return new QueryResult(List.of());
            }
            return METRICS;
        }, NOW, "http://testhost:9090/path/prefix");
        return Template.parse("test", text, functions).execute(data);
    }

    private static String run(String text) throws TemplateException {
        return run(text, null);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', ignoreLeadingAndTrailingWhitespace = false, value = {
        "plain text => plain text",
        "{{ 1 }} => 1",
        "{{ 1.5 }} => 1.5",
        "{{ humanize 0.0 }}:{{ humanize 1.0 }}:{{ humanize 1234567.0 }}:{{ humanize 0.12 }} => 0:1:1.235M:120m",
        "{{ humanize \"1234567.0\" }}:{{ humanize -1 }}:{{ humanize 9223372036854775807 }} => 1.235M:-1:9.223E",
        "{{ humanize1024 0.0 }}:{{ humanize1024 1048576.0 }}:{{ humanize1024 0.12 }}:{{ humanize1024 1234567 }} => 0:1Mi:0.12:1.177Mi",
        "{{ humanizeDuration 0 }}:{{ humanizeDuration 1 }}:{{ humanizeDuration 60 }}:{{ humanizeDuration 3600 }} => 0s:1s:1m 0s:1h 0m 0s",
        "{{ humanizeDuration 3661 }}:{{ humanizeDuration 90000.0 }}:{{ humanizeDuration -183845 }} => 1h 1m 1s:1d 1h 0m 0s:-2d 3h 4m 5s",
        "{{ humanizeDuration 899.99 }}:{{ humanizeDuration .1 }}:{{ humanizeDuration .0001 }}:{{ humanizeDuration .12345 }} => 14m 59s:100ms:100us:123.5ms",
        "{{ humanizeDuration 60.5 }}:{{ humanizeDuration 1.2345 }}:{{ humanizeDuration 12.345 }}:{{ humanizeDuration 1234567 }} => 1m 0s:1.234s:12.35s:14d 6h 56m 7s",
        "{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }} => -22.22%:0%:12.35%:123.5%",
        "{{ humanizePercentage 1234567 }} => 1.235e+08%",
        "{{ humanizeTimestamp 0 }} => 1970-01-01 00:00:00 +0000 UTC",
        "{{ humanizeTimestamp -1 }} => 1969-12-31 23:59:59 +0000 UTC",
        "{{ 1435065584.128 | humanizeTimestamp }} => 2015-06-23 13:19:44.128 +0000 UTC",
        "{{ humanizeTimestamp 9223372036 }} => 2262-04-11 23:47:16 +0000 UTC",
        "{{ (1435065584.128 | toTime).Format \"2006\" }} => 2015",
        "{{ (1800 | toDuration).String }} => 30m0s",
        "{{ now }} => 1.353755652e+09",
        "{{ (now | toTime).Format \"Mon Jan 2 15:04:05 2006\" }} => Sat Nov 24 11:14:12 2012",
        "{{ (\"-30m\" | parseDuration | toDuration | (now | toTime).Add).UnixMilli }} => 1353753852000",
        "{{ printf \"%0.2f\" (parseDuration \"1h2m10ms\") }}:{{ printf \"%0.2f\" (parseDuration \"-1h2m10ms\") }} => 3720.01:-3720.01",
        "{{ \"aa bb CC\" | title }}:{{ \"aa bb CC\" | toUpper }}:{{ \"aA bB CC\" | toLower }} => Aa Bb CC:AA BB CC:aa bb cc",
        "{{ \"foo_bar baz.qux o'neil hello-world 1st x.\" | title }} => Foo_bar Baz.qux O'neil Hello-World 1st X.",
        "{{ match \"a+\" \"aa\" }} {{ match \"a+\" \"b\" }} => true false",
        "{{ reReplaceAll \"(a)b\" \"x$1\" \"ab\" }} => xa",
        // RE2, as Go's regexp reads it: ASCII classes, literal braces and brackets, (?P<name>), only \n ends a line
        "{{ reReplaceAll \"[[:digit:]]+\" \"N\" \"a12b3\" }} {{ match \"a{\" \"a{\" }} {{ match \"[a[]\" \"[\" }} => aNbN true true",
        "{{ reReplaceAll \"(?P<host>[a-z]+):(?P<port>[0-9]+)\" \"${port}@$host\" \"db:5432\" }} => 5432@db",
        "{{ match \"^a.b$\" \"a\\rb\" }} {{ match \"a.b\" \"a\\nb\" }} => true false",
        "{{ graphLink \"up\" }} {{ tableLink \"rate(x[5m]) > 0.5\" }} => /graph?g0.expr=up&g0.tab=0 /graph?g0.expr=rate%28x%5B5m%5D%29+%3E+0.5&g0.tab=1",
        "{{ pathPrefix }} {{ externalURL }} => /path/prefix http://testhost:9090/path/prefix",
        "{{ \"foo.example.com:12345\" | stripPort }} {{ \"192.0.2.1:12345\" | stripPort }} {{ \"[2001:0DB8::1]:12345\" | stripPort }} {{ \"2001:0DB8::1\" | stripPort }} => foo.example.com 192.0.2.1 2001:0DB8::1 2001:0DB8::1",
        "{{ \"[2001:0DB8::1]::12345\" | stripPort }} => [2001:0DB8::1]::12345",
        "{{ \"foo.example.com\" | stripDomain }} {{ \"foo.example.com:12345\" | stripDomain }} {{ \"192.0.2.1:12345\" | stripDomain }} {{ \"[2001:0DB8::1]:12345\" | stripDomain }} => foo foo:12345 192.0.2.1:12345 [2001:0DB8::1]:12345",
        "{{ query \"metric\" | first | value }} {{ query \"metric\" | first | label \"instance\" }} {{ query \"m\" | first | label \"foo\" }} => 21 b ",
        "{{ range query \"metric\" | sortByLabel \"instance\" }}{{.Labels.instance}}:{{.Value}}: {{end}} => a:11: b:21: ",
        "{{define \"x\"}}{{.arg0}} {{.arg1}}{{end}}{{template \"x\" (args 1 \"2\")}} => 1 2",
        "{{ $x := query \"metric\" | first }}{{ $x.Labels.foo }}. => .",
        "{{ if gt 2.0 1.5 }}yes{{ else }}no{{ end }} => yes",
        "{{ if eq \"a\" \"b\" }}1{{ else if eq \"a\" \"a\" }}2{{ else }}3{{ end }} => 2",
        "{{ and 1 0 }} {{ or 0 \"x\" }} {{ not true }} {{ and 1 2 }} => 0 x false 2",
        "{{ len \"abc\" }} {{ len (query \"metric\") }} {{ index (args 7 8) \"arg1\" }} => 3 2 8",
        "{{ range $i, $s := query \"metric\" }}{{ $i }}={{ $s.Value }};{{ end }} => 0=21;1=11;",
        "{{ range query \"missing\" }}x{{ else }}none{{ end }} => none",
        "{{ with query \"metric\" }}{{ len . }}{{ end }}{{ with \"\" }}x{{ else }}empty{{ end }} => 2empty",
        "{{ printf \"%s=%d %.2f %v %q %5.1f|%-4s|%x\" \"a\" 42 3.14159 1e21 \"q\" 2.25 \"b\" 255 }} => a=42 3.14 1e+21 \"q\"   2.2|b   |ff",
        "{{ printf \"%d\" 1.5 }} {{ printf \"%s\" 3 }} {{ printf \"%d\" }} => %!d(float64=1.5) %!s(int=3) %!d(MISSING)",
        "{{ 1234567.0 }} {{ 100000.0 }} {{ 0.0001 }} {{ 0.00001 }} => 1.234567e+06 100000 0.0001 1e-05",
        "a  {{- \" b \" -}}  c => a b c",
        "{{/* a comment */}}x{{- /* trimmed */ -}} y => xy",
        "{{ $v := 1 }}{{ if true }}{{ $v = 2 }}{{ end }}{{ $v }} => 2",
        "{{ range $i, $e := args 1 2 3 }}{{ if eq $i \"arg1\" }}{{ break }}{{ end }}{{ $e }}{{ end }} => 1",
    })
    void expands(String template, String expected) throws TemplateException {
        assertEquals(expected, run(template));
    }

    @Test
    void errorsCarryGoPositionAndContext() {
        TemplateException e = assertThrows(TemplateException.class, () -> run("{{ humanize \"one\" }}"));
        assertEquals("template: test:1:3: executing \"test\" at <humanize \"one\">: error calling humanize: "
                + "strconv.ParseFloat: parsing \"one\": invalid syntax", e.getMessage());
        e = assertThrows(TemplateException.class, () -> run("{{ query \"missing\" | first }}"));
        assertEquals("template: test:1:21: executing \"test\" at <first>: error calling first: "
                + "first() called on vector with no elements", e.getMessage());
        e = assertThrows(TemplateException.class, () -> run("{{ \"one\" | humanizePercentage }}"));
        assertEquals("template: test:1:11: executing \"test\" at <humanizePercentage>: error calling humanizePercentage: "
                + "strconv.ParseFloat: parsing \"one\": invalid syntax", e.getMessage());
        e = assertThrows(TemplateException.class, () -> run("{{ if gt 2.0 1 }}x{{ end }}"));
        assertTrue(e.getMessage().endsWith("error calling gt: incompatible types for comparison"), e.getMessage());
        e = assertThrows(TemplateException.class, () -> run("{{ match \"a(?=b)\" \"ab\" }}"));
        assertEquals("template: test:1:3: executing \"test\" at <match \"a(?=b)\" \"ab\">: error calling match: "
                + "error parsing regexp: invalid or unsupported Perl syntax: `(?=`", e.getMessage());
        e = assertThrows(TemplateException.class, () -> run("{{ reReplaceAll \"(a)\\\\1\" \"\" \"aa\" }}"));
        assertTrue(e.getMessage().endsWith("error calling reReplaceAll: regexp: Compile(\"(a)\\\\1\"): error parsing regexp: "
                + "invalid escape sequence: `\\1`"), e.getMessage());
        e = assertThrows(TemplateException.class, () -> run("{{"));
        assertTrue(e.isParseError());
        assertEquals("template: test:1: unclosed action", e.getMessage());
        e = assertThrows(TemplateException.class, () -> run("{{ nosuch 1 }}"));
        assertEquals("template: test:1: function \"nosuch\" not defined", e.getMessage());
        e = assertThrows(TemplateException.class, () -> run("{{ $undefined }}"));
        assertEquals("template: test:1: undefined variable \"$undefined\"", e.getMessage());
    }

    @Test
    void alertTemplatesSeeLabelsValueAndExternalUrl() {
        Map<String, String> labels = new TreeMap<>(Map.of("instance", "host-1:9100", "job", "node"));
        Map<String, TemplateFunction> functions = PrometheusFunctions.of(q -> METRICS, NOW, "http://h:9009/workspaces/ws-1");
        assertEquals("host-1:9100 of node is at 1.235M (1234567.0)", AlertTemplates.expand("HighLoad",
                "{{ $labels.instance }} of {{ .Labels.job }} is at {{ humanize $value }} ({{ printf \"%.1f\" $value }})",
                labels, Map.of(), "http://h:9009/workspaces/ws-1", 1234567.0, functions));
        assertEquals("http://h:9009/workspaces/ws-1 [] []", AlertTemplates.expand("A",
                "{{ $externalURL }} [{{ $externalLabels.cluster }}] [{{ $labels.nothere }}]", labels, Map.of(),
                "http://h:9009/workspaces/ws-1", 1.0, functions));
    }

    @Test
    void aFailingAlertTemplateBecomesAnErrorTextAsInPrometheus() {
        String out = AlertTemplates.expand("HighLoad", "{{ humanize \"x\" }}", Map.of(), Map.of(), "", 1.0,
                PrometheusFunctions.of(q -> METRICS, NOW, ""));
        // the definitions Prometheus prepends (112 characters) shift the column: 112 + 3
        assertEquals("<error expanding template: error executing template __alert_HighLoad: template: __alert_HighLoad:1:115: "
                + "executing \"__alert_HighLoad\" at <humanize \"x\">: error calling humanize: strconv.ParseFloat: parsing \"x\": "
                + "invalid syntax>", out);
    }

    @ParameterizedTest(name = "%{1}.{2}{3} of {0} = {4}")
    @CsvSource({
        "1234567, g, 4, , 1.235e+06",
        "0.000012345, g, 3, , 1.23e-05",
        "2.5, f, 0, , 2",
        "3.5, f, 0, , 4",
        "1.005, f, 2, , 1.00",
        "0, g, -1, , 0",
        "-0.5, e, 2, , -5.00e-01",
        "123456789012345678, g, -1, , 1.2345678901234568e+17",
        "1e21, f, -1, , 1000000000000000000000",
    })
    void floatsFormatAsGoFormatsThem(double v, char format, int precision, String unused, String expected) {
        assertEquals(expected, GoFloat.format(v, format, precision));
    }
}
