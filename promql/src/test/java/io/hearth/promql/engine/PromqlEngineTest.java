package io.hearth.promql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.query.QueryException;
import io.hearth.spi.storage.LabelMatcher;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromqlEngineTest {

    private final PromqlEngine engine = new PromqlEngine();

    @Test
    void selectorsBecomeStorageMatchersWithTheNameAsAMatcher() throws Exception {
        assertEquals(Set.of(LabelMatcher.equal("__name__", "up"), LabelMatcher.equal("job", "api")),
                Set.copyOf(engine.parseSeriesSelector("up{job=\"api\"}")));
        assertEquals(Set.of(LabelMatcher.regex("__name__", "http_.*"), LabelMatcher.notEqual("code", "200")),
                Set.copyOf(engine.parseSeriesSelector("{__name__=~\"http_.*\", code!=\"200\"}")));
        // keywords and aggregation names may name a metric, as in upstream's selector grammar
        assertEquals(List.of(LabelMatcher.equal("__name__", "sum")), engine.parseSeriesSelector("sum"));
        assertEquals(List.of(LabelMatcher.equal("a", "b"), LabelMatcher.equal("__name__", "by")),
                engine.parseSeriesSelector("by{a=\"b\"}"));
        // the API, not the language, refuses a selector of every series, with its own message
        assertEquals(List.of(LabelMatcher.regex("job", ".*")), engine.parseSeriesSelector("{job=~\".*\"}"));
    }

    @Test
    void whatIsNotASelectorIsRefusedAtItsFirstTokenAsPrometheusRefusesIt() {
        // text, then Prometheus's error for it (2.42 and 3.x share this grammar): parsing stops at
        // the first token that cannot continue a selector, so an expression is not parsed whole
        String[][] table = {
            {"sum(up)", "1:4: parse error: unexpected \"(\""},
            {"rate(up[5m])", "1:5: parse error: unexpected \"(\""},
            {"(up)", "1:1: parse error: unexpected \"(\""},
            {"up[5m]", "1:3: parse error: unexpected \"[\""},
            {"1 + 1", "1:1: parse error: unexpected number \"1\""},
            {"up offset 5m", "1:4: parse error: unexpected <offset>"},
            {"up{job=\"a\"} x", "1:13: parse error: unexpected identifier \"x\""},
            {"up{", "1:4: parse error: unexpected end of input inside braces"},
            {"up}", "1:3: parse error: unexpected character: '}'"},
            // 3.x names no position in an empty input (2.42 said 1:1)
            {"", "unknown position: parse error: unexpected end of input"},
            {"\"up\"", "1:1: parse error: unexpected string \"\\\"up\\\"\""},
        };
        for (String[] row : table) {
            QueryException e = assertThrows(QueryException.class, () -> engine.parseSeriesSelector(row[0]), row[0]);
            assertEquals("bad_data", e.errorType());
            assertEquals(row[1], e.getMessage(), row[0]);
        }
    }

    @Test
    void aNameGivenTwiceIsLeftToTheCallerAsUpstreamsSelectorParseLeavesIt() throws Exception {
        assertEquals(List.of(LabelMatcher.equal("__name__", "x"), LabelMatcher.equal("__name__", "up")),
                engine.parseSeriesSelector("up{__name__=\"x\"}"));
    }

    @Test
    void formatsToTheCanonicalText() throws Exception {
        assertEquals("sum by (job) (rate(http_requests_total[5m]))",
                engine.format("sum(rate(http_requests_total[5m])) by (job)"));
        QueryException e = assertThrows(QueryException.class, () -> engine.format("sum("));
        assertTrue(e.getMessage().contains("parse error"), e.getMessage());
    }

    @Test
    void selectorsOfAQueryAreEveryVectorSelectorInSourceOrder() throws Exception {
        assertEquals(List.of(
                List.of(LabelMatcher.equal("code", "500"), LabelMatcher.equal("__name__", "errors")),
                List.of(LabelMatcher.equal("__name__", "requests")),
                List.of(LabelMatcher.regex("job", "a.*"))),
                engine.selectors("sum(rate(errors{code=\"500\"}[5m] offset 1h)) / on() group_left"
                        + " sum(requests @ 100) + max_over_time({job=~\"a.*\"}[5m:1m])"));
        assertEquals(List.of(), engine.selectors("1 + 2 * time()"));
        assertEquals(List.of(List.of(LabelMatcher.equal("__name__", "up")), List.of(LabelMatcher.equal("__name__", "up"))),
                engine.selectors("up + up"));
        StringBuilder chain = new StringBuilder("m0");
        for (int i = 1; i < 20_000; i++) {
            chain.append(" + m").append(i);
        }
        assertEquals(20_000, engine.selectors(chain.toString()).size(), "long chains are walked with a loop");
        assertEquals("bad_data", assertThrows(QueryException.class, () -> engine.selectors("up{")).errorType());
    }

    @Test
    void theSyntaxTreeIsPrometheusParseQueryJson() throws Exception {
        assertEquals("{\"anchored\":false,\"matchers\":[{\"name\":\"job\",\"type\":\"=~\",\"value\":\"a|b\"},"
                + "{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"up\"}],\"name\":\"up\",\"offset\":0,"
                + "\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,\"type\":\"vectorSelector\"}",
                engine.syntaxTreeJson("up{job=~\"a|b\"}"));
        assertEquals("bad_data", assertThrows(QueryException.class, () -> engine.syntaxTreeJson("sum(")).errorType());
    }
}
