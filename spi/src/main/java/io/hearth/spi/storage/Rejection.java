package io.hearth.spi.storage;

/**
 * A refused sample, with what the ingest path needs to tell the client why (Prometheus answers a
 * remote_write with such samples with HTTP 400 naming the series and timestamps).
 *
 * @param series the sample's series
 * @param timestamp the refused sample's timestamp
 * @param newestTimestamp the series's newest timestamp when the sample was refused
 * @param reason {@link AppendResult#OUT_OF_ORDER} or {@link AppendResult#DUPLICATE_DIFFERENT_VALUE}
 */
public record Rejection(Labels series, long timestamp, long newestTimestamp, AppendResult reason) {

    public Rejection {
        if (series == null || reason == null || !reason.rejected()) {
            throw new IllegalArgumentException("a rejection needs a series and a rejecting reason");
        }
    }

    /** A one-line message naming the series and the timestamps. */
    public String message() {
        return switch (reason) {
            case OUT_OF_ORDER -> "out of order sample for series " + series + ": timestamp " + timestamp
                    + " is older than the newest sample at " + newestTimestamp;
            case DUPLICATE_DIFFERENT_VALUE -> "duplicate sample for series " + series + " at timestamp " + timestamp
                    + " with a different value";
            default -> throw new IllegalStateException(reason.toString());
        };
    }
}
