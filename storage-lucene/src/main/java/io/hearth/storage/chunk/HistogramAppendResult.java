package io.hearth.storage.chunk;

/** The outcome of {@link ChunkAppender#appendHistogram}: an expected outcome, so a value. */
public enum HistogramAppendResult {
    /** The sample is in the chunk. */
    APPENDED,
    /**
     * The sample's schema, zero threshold or spans differ from the chunk's; nothing was written.
     * Cut a new chunk for it.
     */
    LAYOUT_CHANGED,
    /**
     * A count went down in a counter histogram; nothing was written. Cut a new chunk and append
     * the sample with {@link CounterResetHint#COUNTER_RESET}.
     */
    COUNTER_RESET
}
