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
    }

    @Test
    void whatIsNotASelectorIsBadData() {
        for (String text : List.of("rate(up[5m])", "up[5m]", "1 + 1", "up offset 5m", "{job=~\".*\"}", "up{")) {
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
}
