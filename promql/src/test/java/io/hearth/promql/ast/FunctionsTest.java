package io.hearth.promql.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FunctionsTest {
    @Test
    void experimentalSetIsTheOneTheCorpusFormatNames() {
        // shared/promql-conformance/FORMAT.md, section 9.1.
        Set<String> expected = new TreeSet<>(List.of("double_exponential_smoothing", "histogram_quantiles", "info",
                "mad_over_time", "max_of", "min_of", "range", "sort_by_label", "sort_by_label_desc", "start", "end",
                "step", "start_timestamp", "ts_of_first_over_time", "ts_of_last_over_time", "ts_of_max_over_time",
                "ts_of_min_over_time"));
        Set<String> actual = new TreeSet<>();
        Functions.all().forEach((name, f) -> {
            if (f.experimental()) {
                actual.add(name);
            }
        });
        assertEquals(expected, actual);
        assertEquals(90, Functions.all().size());
    }

    @Test
    void arityRules() {
        Function round = Functions.get("round");
        assertEquals(1, round.minArgs());
        assertEquals(2, round.maxArgs());
        Function labelJoin = Functions.get("label_join");
        assertEquals(3, labelJoin.minArgs());
        assertEquals(Integer.MAX_VALUE, labelJoin.maxArgs());
        assertEquals(ValueType.STRING, labelJoin.argType(7));
        Function hour = Functions.get("hour");
        assertEquals(0, hour.minArgs());
        assertEquals(1, hour.maxArgs());
        Function quantiles = Functions.get("histogram_quantiles");
        assertEquals(3, quantiles.minArgs());
        assertEquals(12, quantiles.maxArgs());
        assertEquals(ValueType.SCALAR, Functions.get("scalar").returnType());
        assertNull(Functions.get("RATE"), "names are case-sensitive");
    }
}
