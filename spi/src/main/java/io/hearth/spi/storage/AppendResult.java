package io.hearth.spi.storage;

/**
 * What became of one appended sample: an expected outcome, so a value rather than an exception.
 * The rejected kinds are listed, with the series and timestamps, in {@link Appender#rejections()}.
 */
public enum AppendResult {
    /** Queued; durable and visible once {@link Appender#commit()} returns. */
    ACCEPTED(false),
    /**
     * The series already has exactly this sample (same timestamp, same value bits): accepted
     * idempotently and not stored twice, as Prometheus does for resent batches.
     */
    DUPLICATE(false),
    /** Older than the series's newest sample and outside the out-of-order window: rejected. */
    OUT_OF_ORDER(true),
    /** The series already has a different value at this timestamp: rejected. */
    DUPLICATE_DIFFERENT_VALUE(true);

    private final boolean rejected;

    AppendResult(boolean rejected) {
        this.rejected = rejected;
    }

    /** Whether the sample was refused (and will not be stored). */
    public boolean rejected() {
        return rejected;
    }
}
