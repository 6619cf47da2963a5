package io.hearth.plugins.notifier;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as Alertmanager's JSON writes them, in UTC. */
public final class Rfc3339 {

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Go's zero {@code time.Time}, which Alertmanager's webhook shows as the end of a firing alert. */
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private Rfc3339() {
    }

    /**
     * @return the time with exactly three fraction digits, {@code 2026-01-02T03:04:05.600Z}, as
     *     Alertmanager's v2 API (go-openapi's {@code strfmt.DateTime}) writes it
     */
    public static String millis(long epochMillis) {
        return MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * @return the time with trailing fraction zeros trimmed, {@code 2026-01-02T03:04:05.6Z} or
     *     {@code 2026-01-02T03:04:05Z}, as Go's {@code time.Time} JSON (RFC 3339 with nanoseconds)
     *     writes it in Alertmanager's webhook body
     */
    public static String trimmed(long epochMillis) {
        StringBuilder sb = new StringBuilder(24);
        SECONDS.formatTo(Instant.ofEpochMilli(epochMillis), sb);
        int ms = (int) Math.floorMod(epochMillis, 1000L);
        if (ms != 0) {
            sb.append('.').append((char) ('0' + ms / 100));
            if (ms % 100 != 0) {
                sb.append((char) ('0' + ms / 10 % 10));
                if (ms % 10 != 0) {
                    sb.append((char) ('0' + ms % 10));
                }
            }
        }
        return sb.append('Z').toString();
    }
}
