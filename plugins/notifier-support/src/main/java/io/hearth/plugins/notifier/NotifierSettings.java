package io.hearth.plugins.notifier;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a queued notifier delivers, read from the properties under {@code hearth.<notifier>.}.
 *
 * @param targets where alerts go when a delivery names no targets of its own; may be empty
 * @param timeout the limit on one POST, connecting included
 * @param queueCapacity alerts held per target before the oldest are dropped
 * @param batchSize the most alerts in one POST
 * @param minBackoff the wait before the first retry of a failed POST; doubled after each failure
 * @param maxBackoff the longest wait between retries
 * @param maxRetryDuration how long one batch is retried before it is given up (counted failed)
 * @param drainTimeout how long {@code close()} keeps delivering what is queued
 */
public record NotifierSettings(List<Target> targets, Duration timeout, int queueCapacity, int batchSize,
        Duration minBackoff, Duration maxBackoff, Duration maxRetryDuration, Duration drainTimeout) {

    /** Prometheus's notification queue capacity. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** Prometheus's largest batch per POST. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** Prometheus's Alertmanager timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    /** Prometheus resends firing alerts every minute, so a batch older than that has been superseded. */
    public static final Duration DEFAULT_MAX_RETRY_DURATION = Duration.ofMinutes(1);
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    public NotifierSettings {
        targets = List.copyOf(targets);
        requirePositive("timeout", timeout);
        requirePositive("min-backoff", minBackoff);
        requirePositive("max-backoff", maxBackoff);
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("max-backoff " + maxBackoff + " is shorter than min-backoff " + minBackoff);
        }
        if (maxRetryDuration.isNegative() || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("max-retry-duration and drain-timeout cannot be negative");
        }
        if (queueCapacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("queue-capacity and batch-size must be at least 1");
        }
    }

    /**
     * Reads the properties {@code urls} (comma-separated), {@code timeout}, {@code queue-capacity},
     * {@code batch-size}, {@code min-backoff}, {@code max-backoff}, {@code max-retry-duration} and
     * {@code drain-timeout}; durations as Prometheus writes them ({@code 10s}, {@code 500ms}).
     *
     * @param notifier the notifier's name, for messages
     * @param properties the notifier's properties, prefix removed
     * @param pathSuffix appended to each URL's path (see {@link Target#of(String, String)})
     * @return the settings, defaults for what is not set
     * @throws IllegalArgumentException naming the property and the notifier when a value is invalid
     */
    public static NotifierSettings read(String notifier, Map<String, String> properties, String pathSuffix) {
        Set<Target> targets = new LinkedHashSet<>(); // a URL listed twice is one target
        String urls = properties.getOrDefault("urls", "");
        for (String url : urls.split(",")) {
            if (!url.isBlank()) {
                try {
                    targets.add(Target.of(url, pathSuffix));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("hearth." + notifier + ".urls: " + e.getMessage(), e);
                }
            }
        }
        return new NotifierSettings(List.copyOf(targets),
                duration(notifier, properties, "timeout", DEFAULT_TIMEOUT),
                count(notifier, properties, "queue-capacity", DEFAULT_QUEUE_CAPACITY),
                count(notifier, properties, "batch-size", DEFAULT_BATCH_SIZE),
                duration(notifier, properties, "min-backoff", DEFAULT_MIN_BACKOFF),
                duration(notifier, properties, "max-backoff", DEFAULT_MAX_BACKOFF),
                duration(notifier, properties, "max-retry-duration", DEFAULT_MAX_RETRY_DURATION),
                duration(notifier, properties, "drain-timeout", DEFAULT_DRAIN_TIMEOUT));
    }

    private static Duration duration(String notifier, Map<String, String> properties, String name, Duration dflt) {
        String value = properties.get(name);
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            return PrometheusDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hearth." + notifier + "." + name + ": " + e.getMessage(), e);
        }
    }

    private static int count(String notifier, Map<String, String> properties, String name, int dflt) {
        String value = properties.get(name);
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value.strip().replace("_", ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hearth." + notifier + "." + name + " must be a positive whole number, not '"
                    + value + "'", e);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
    }
}
