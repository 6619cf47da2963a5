package io.hearth.kernel.ingest;

import org.eclipse.microprofile.config.Config;

/**
 * What a series and its samples must satisfy to be stored, in the spirit of Prometheus's and
 * Cortex's validation. Server-wide defaults from configuration.
 *
 * @param maxLabelNamesPerSeries labels a series may have, {@code __name__} included
 * @param maxLabelNameLength characters in a label name
 * @param maxLabelValueLength characters in a label value
 * @param maxFutureMillis how far ahead of the server's clock a sample may be
 * @param utf8Names whether metric and label names may be any UTF-8 (Prometheus 3); otherwise the
 *     classic {@code [a-zA-Z_:][a-zA-Z0-9_:]*} for metric names and {@code [a-zA-Z_][a-zA-Z0-9_]*}
 *     for label names (AMP's rule)
 * @param maxRejectionsReported how many rejected series a response names
 */
public record IngestLimits(int maxLabelNamesPerSeries, int maxLabelNameLength, int maxLabelValueLength,
        long maxFutureMillis, boolean utf8Names, int maxRejectionsReported) {

    /** Reads the {@code hearth.ingest.*} settings. */
    public static IngestLimits from(Config config) {
        return new IngestLimits(
                config.getOptionalValue("hearth.ingest.max-label-names-per-series", Integer.class).orElse(70),
                config.getOptionalValue("hearth.ingest.max-label-name-length", Integer.class).orElse(1024),
                config.getOptionalValue("hearth.ingest.max-label-value-length", Integer.class).orElse(2048),
                config.getOptionalValue("hearth.ingest.max-future-millis", Long.class).orElse(10 * 60_000L),
                config.getOptionalValue("hearth.ingest.utf8-names", Boolean.class).orElse(false),
                config.getOptionalValue("hearth.ingest.max-rejections-reported", Integer.class).orElse(10));
    }
}
