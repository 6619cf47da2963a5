package io.hearth.plugins.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusDurationTest {

    @ParameterizedTest
    @CsvSource({"10s, 10000", "100ms, 100", "1m30s, 90000", "2h, 7200000", "1d, 86400000", "1w, 604800000",
            "0, 0", "1h1m1s1ms, 3661001", " 5s , 5000"})
    void readsPrometheusDurations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), PrometheusDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "10x", "1s1m", "1s1s", "-1s", "1.5s", "PT10S"})
    void refusesAnythingElse(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrometheusDuration.parse(text));
        assertEquals(true, e.getMessage().contains("not a duration"), e.getMessage());
    }
}
