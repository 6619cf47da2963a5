package io.hearth.storage.block;

/**
 * How a store cuts and maintains blocks.
 *
 * @param blockRangeMillis the time span of a block cut from the head (Prometheus's 2 h by default);
 *     the head is cut once it spans more than 1.5 times this, and compaction merges blocks into
 *     3, 9, 27 … times this
 * @param maintenanceIntervalMillis how often the background task checks whether to cut, compact
 *     or delete blocks
 */
public record BlockOptions(long blockRangeMillis, long maintenanceIntervalMillis) {

    /** Two hours. */
    public static final long DEFAULT_BLOCK_RANGE_MILLIS = 2 * 3600_000L;
    /** One minute. */
    public static final long DEFAULT_MAINTENANCE_INTERVAL_MILLIS = 60_000L;

    public BlockOptions {
        if (blockRangeMillis < 1000 || maintenanceIntervalMillis <= 0) {
            throw new IllegalArgumentException("block range " + blockRangeMillis + " ms (at least 1000), maintenance every "
                    + maintenanceIntervalMillis + " ms");
        }
    }

    /** The defaults. */
    public static BlockOptions defaults() {
        return new BlockOptions(DEFAULT_BLOCK_RANGE_MILLIS, DEFAULT_MAINTENANCE_INTERVAL_MILLIS);
    }
}
