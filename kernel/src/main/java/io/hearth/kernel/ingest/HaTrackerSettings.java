package io.hearth.kernel.ingest;

import io.hearth.kernel.config.PrometheusDuration;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;

/**
 * How HA pairs are deduplicated (Cortex's HA tracker, AMP's behaviour): series that carry both the
 * cluster label and the replica label are accepted only from the replica elected for their
 * (workspace, cluster), and lose the replica label before storage.
 *
 * @param enabled whether series with both labels are deduplicated at all; when off they are stored
 *     as sent, replica label included
 * @param clusterLabel the label naming the HA group
 * @param replicaLabel the label naming one member of the group; dropped from accepted series
 * @param failoverTimeoutMillis how long the elected replica may stay silent before the next replica
 *     that writes is elected in its place
 */
public record HaTrackerSettings(boolean enabled, String clusterLabel, String replicaLabel, long failoverTimeoutMillis) {

    public HaTrackerSettings {
        if (clusterLabel == null || clusterLabel.isEmpty() || replicaLabel == null || replicaLabel.isEmpty()
                || clusterLabel.equals(replicaLabel)) {
            throw new IllegalArgumentException("the HA tracker needs two different, non-empty cluster and replica label names");
        }
        if (failoverTimeoutMillis <= 0) {
            throw new IllegalArgumentException("the HA failover timeout must be positive, not " + failoverTimeoutMillis + " ms");
        }
    }

    /**
     * Reads {@code hearth.ingest.ha-tracker.enabled} (default true, as AMP deduplicates without being
     * asked), {@code .cluster-label} ({@code cluster}), {@code .replica-label} ({@code __replica__})
     * and {@code .failover-timeout} ({@code 30s}; units ms, s, m, h).
     */
    public static HaTrackerSettings from(Config config) {
        return new HaTrackerSettings(
                config.getOptionalValue("hearth.ingest.ha-tracker.enabled", Boolean.class).orElse(true),
                config.getOptionalValue("hearth.ingest.ha-tracker.cluster-label", String.class).orElse("cluster"),
                config.getOptionalValue("hearth.ingest.ha-tracker.replica-label", String.class).orElse("__replica__"),
                millis(config.getOptionalValue("hearth.ingest.ha-tracker.failover-timeout", String.class).orElse("30s")));
    }

    /** A duration in Prometheus's syntax: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h30m}. */
    static long millis(String text) {
        long millis = PrometheusDuration.parseMillis(text.strip().toLowerCase(Locale.ROOT));
        if (millis < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 30s, 2m or 1h");
        }
        return millis;
    }
}
