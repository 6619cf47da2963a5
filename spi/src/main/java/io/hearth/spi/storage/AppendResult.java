package io.hearth.spi.storage;

/**
 * What became of one appended sample or exemplar: an expected outcome, so a value rather than an
 * exception. Refused samples are listed, with the series and timestamps, in
 * {@link Appender#rejections()}, refused exemplars in {@link Appender#exemplarRejections()}. For
 * exemplars, {@link #DUPLICATE} and {@link #OUT_OF_ORDER} compare with the series's newest exemplar.
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
    DUPLICATE_DIFFERENT_VALUE(true),
    /**
     * An exemplar whose label names and values hold more than
     * {@value Exemplar#MAX_LABEL_SET_RUNES} UTF-8 characters together: rejected.
     */
    EXEMPLAR_LABELS_TOO_LONG(true),
    /** An exemplar for a series the storage does not hold (it has never had a sample): rejected. */
    UNKNOWN_SERIES(true),
    /** Data the storage engine does not keep (exemplars, for an engine without them): rejected. */
    UNSUPPORTED(true);

    private final boolean rejected;

    AppendResult(boolean rejected) {
        this.rejected = rejected;
    }

    /** Whether the sample was refused (and will not be stored). */
    public boolean rejected() {
        return rejected;
    }
}
