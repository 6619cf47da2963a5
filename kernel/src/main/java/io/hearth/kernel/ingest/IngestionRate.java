package io.hearth.kernel.ingest;

import org.eclipse.microprofile.config.Config;

/**
 * How fast a workspace may ingest: a token bucket of {@code burst} samples refilled at
 * {@code samplesPerSecond}, as Cortex's ingestion rate limiter and AMP's "ingestion rate" and
 * "ingestion burst size" quotas.
 *
 * @param samplesPerSecond refill rate (float samples and histograms count one each); 0 for no limit
 * @param burst the bucket's size: the most a workspace may send at once after a quiet spell
 */
public record IngestionRate(double samplesPerSecond, long burst) {

    public IngestionRate {
        if (!(samplesPerSecond >= 0) || Double.isInfinite(samplesPerSecond) || burst < 0
                || (samplesPerSecond > 0 && burst == 0)) {
            throw new IllegalArgumentException("an ingestion rate needs a finite rate of at least 0 and, when limited, a burst of at least 1");
        }
    }

    /** @return whether there is a limit at all */
    public boolean limited() {
        return samplesPerSecond > 0;
    }

    /**
     * Reads {@code hearth.ingest.max-samples-per-second} (default 170,000) and
     * {@code hearth.ingest.max-samples-burst} (default 850,000), AMP's default quotas.
     */
    public static IngestionRate from(Config config) {
        return new IngestionRate(
                config.getOptionalValue("hearth.ingest.max-samples-per-second", Double.class).orElse(170_000d),
                config.getOptionalValue("hearth.ingest.max-samples-burst", Long.class).orElse(850_000L));
    }
}
