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
        assertEquals(List.of(LabelMatcher.equal("__name__", "up")), engine.parseSeriesSelector("(up)"));
        // the API, not the language, refuses a selector of every series, with its own message
        assertEquals(List.of(LabelMatcher.regex("job", ".*")), engine.parseSeriesSelector("{job=~\".*\"}"));
    }

    @Test
    void whatIsNotASelectorIsBadData() {
        for (String text : List.of("rate(up[5m])", "up[5m]", "1 + 1", "up offset 5m", "up{")) {
            QueryException e = assertThrows(QueryException.class, () -> engine.parseSeriesSelector(text), text);
            assertEquals("bad_data", e.errorType());
        }
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
