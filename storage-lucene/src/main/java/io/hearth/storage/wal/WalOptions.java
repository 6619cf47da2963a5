package io.hearth.storage.wal;

/**
 * Settings of a {@link WriteAheadLog}, validated on construction.
 *
 * @param maxSegmentBytes the size at which the active segment is closed and a new one started;
 *     it also bounds a single record, which never spans segments
 * @param forceIntervalMillis 0 to force every group commit before it is acknowledged (the
 *     default); otherwise a commit writes its records but forces them only once the last force is
 *     this old, and {@link WriteAheadLog#force} forces the rest: acknowledged records survive the
 *     process's death, and a power loss can lose about this many milliseconds of them
 */
public record WalOptions(long maxSegmentBytes, long forceIntervalMillis) {

    /** 128 MiB, the default segment size. */
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 128L << 20;

    /** The smallest segment size accepted; small sizes are for tests. */
    public static final long MIN_MAX_SEGMENT_BYTES = 128;

    /** Options that force every commit: {@code forceIntervalMillis} 0. */
    public WalOptions(long maxSegmentBytes) {
        this(maxSegmentBytes, 0);
    }

    public WalOptions {
        if (forceIntervalMillis < 0) {
            throw new IllegalArgumentException("forceIntervalMillis must be at least 0, was " + forceIntervalMillis);
        }
        if (maxSegmentBytes < MIN_MAX_SEGMENT_BYTES || maxSegmentBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxSegmentBytes must be in [" + MIN_MAX_SEGMENT_BYTES + ", "
                    + Integer.MAX_VALUE + "], was " + maxSegmentBytes);
        }
    }

    public static WalOptions defaults() {
        return new WalOptions(DEFAULT_MAX_SEGMENT_BYTES);
    }

    /** The largest record payload that fits in one segment. */
    public int maxRecordBytes() {
        return (int) (maxSegmentBytes - FileHeader.SEGMENT.size() - Frames.FRAME_HEADER_BYTES);
    }
}
