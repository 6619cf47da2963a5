package io.hearth.plugins.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

    @Test
    void millisAlwaysHasThreeDigitsAsGoOpenApiWrites() {
        assertEquals("2026-11-27T13:45:23.000Z", Rfc3339.millis(Instant.parse("2026-11-27T13:45:23Z").toEpochMilli()));
        assertEquals("2026-11-27T13:45:23.120Z", Rfc3339.millis(Instant.parse("2026-11-27T13:45:23.12Z").toEpochMilli()));
        assertEquals("1970-01-01T00:00:00.001Z", Rfc3339.millis(1));
    }

    @Test
    void trimmedDropsTrailingZerosAsGoTimeWrites() {
        long t = Instant.parse("2026-11-27T13:45:23Z").toEpochMilli();
        assertEquals("2026-11-27T13:45:23Z", Rfc3339.trimmed(t));
        assertEquals("2026-11-27T13:45:23.1Z", Rfc3339.trimmed(t + 100));
        assertEquals("2026-11-27T13:45:23.12Z", Rfc3339.trimmed(t + 120));
        assertEquals("2026-11-27T13:45:23.007Z", Rfc3339.trimmed(t + 7));
        assertEquals("1969-12-31T23:59:59.9Z", Rfc3339.trimmed(-100));
    }
}
