package io.hearth.plugins.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheMinimumUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        long[] expectedMillis = {100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000};
        for (int failures = 1; failures <= expectedMillis.length; failures++) {
            assertEquals(Duration.ofMillis(expectedMillis[failures - 1]).toNanos(), b.delayNanos(failures), "after " + failures);
        }
    }

    @Test
    void staysAtTheMaximumWithoutOverflowing() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(10).toNanos(), b.delayNanos(40));
        assertEquals(Duration.ofSeconds(10).toNanos(), b.delayNanos(1_000_000));
    }
}
