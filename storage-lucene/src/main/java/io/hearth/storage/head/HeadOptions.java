package io.hearth.storage.head;

import io.hearth.storage.wal.WalOptions;

/**
 * Settings of a {@link Head}, validated on construction.
 *
 * @param outOfOrderWindowMillis how far behind a series's newest sample a sample may be and still be
 *     accepted (kept apart from the in-order chunks and merged at read); 0 rejects all
 * @param maxChunkSpanMillis the longest time span of one chunk; a sample further than this from
 *     the open chunk's first sample cuts a new chunk even before it holds 120 samples
 * @param postingsOverlayLimit how many series may be created before a select refreshes the Lucene
 *     reader; until then they are matched by brute force
 * @param wal the write-ahead log's settings
 * @param maxExemplars the most exemplars kept (the oldest are dropped first); 0 keeps none
 */
public record HeadOptions(long outOfOrderWindowMillis, long maxChunkSpanMillis, int postingsOverlayLimit,
        WalOptions wal, int maxExemplars) {

    /** Two hours, the span of a Prometheus head chunk range. */
    public static final long DEFAULT_MAX_CHUNK_SPAN_MILLIS = 2 * 3600_000L;

    /** The default overlay limit; see {@code README.md} for how it was chosen. */
    public static final int DEFAULT_POSTINGS_OVERLAY_LIMIT = 4096;

    /** Prometheus's default exemplar storage size. */
    public static final int DEFAULT_MAX_EXEMPLARS = 100_000;

    public HeadOptions {
        if (outOfOrderWindowMillis < 0 || maxChunkSpanMillis <= 0 || postingsOverlayLimit < 0 || wal == null
                || maxExemplars < 0) {
            throw new IllegalArgumentException("invalid head options: window " + outOfOrderWindowMillis
                    + " ms, chunk span " + maxChunkSpanMillis + " ms, overlay " + postingsOverlayLimit
                    + ", exemplars " + maxExemplars);
        }
    }

    /** Options with the default exemplar capacity. */
    public HeadOptions(long outOfOrderWindowMillis, long maxChunkSpanMillis, int postingsOverlayLimit, WalOptions wal) {
        this(outOfOrderWindowMillis, maxChunkSpanMillis, postingsOverlayLimit, wal, DEFAULT_MAX_EXEMPLARS);
    }

    /** Defaults with the given out-of-order window. */
    public static HeadOptions withOutOfOrderWindow(long millis) {
        return new HeadOptions(millis, DEFAULT_MAX_CHUNK_SPAN_MILLIS, DEFAULT_POSTINGS_OVERLAY_LIMIT,
                WalOptions.defaults());
    }

    /** No out-of-order window, two-hour chunks, default WAL. */
    public static HeadOptions defaults() {
        return withOutOfOrderWindow(0);
    }
}
