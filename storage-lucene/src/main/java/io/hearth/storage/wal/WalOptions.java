package io.hearth.storage.wal;

/**
 * Settings of a {@link WriteAheadLog}, validated on construction.
 *
 * @param maxSegmentBytes the size at which the active segment is closed and a new one started;
 *     it also bounds a single record, which never spans segments
 */
public record WalOptions(long maxSegmentBytes) {

    /** 128 MiB, the default segment size. */
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 128L << 20;

    /** The smallest segment size accepted; small sizes are for tests. */
    public static final long MIN_MAX_SEGMENT_BYTES = 128;

    public WalOptions {
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
