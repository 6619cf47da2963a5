package io.hearth.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusDurationTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({
        "0, 0",
        "0s, 0",
        "500ms, 500",
        "30s, 30000",
        "5m, 300000",
        "1h30m, 5400000",
        "1h30m15s250ms, 5415250",
        "2d, 172800000",
        "1w, 604800000",
        "1y, 31536000000",
        "1y2w3d4h5m6s7ms, 33019506007",
        "90s, 90000",
    })
    void readsPrometheusDurations(String text, long millis) {
        assertEquals(millis, PrometheusDuration.parseMillis(text));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @CsvSource(value = {"''", "soon", "5", "1.5h", "-5m", "30s1m", "1m1m", "5M", "1h 30m", "ms", "10000000000y"},
            emptyValue = "")
    void refusesWhatPrometheusRefuses(String text) {
        assertEquals(-1, PrometheusDuration.parseMillis(text));
    }
}
