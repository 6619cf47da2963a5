package io.hearth.spi.storage;

/**
 * Per-workspace settings the kernel passes to {@link StorageEngine#open} and, when they change, to
 * {@link WorkspaceStorage#updateOptions}.
 *
 * @param outOfOrderWindowMillis how far behind a series's newest sample an appended sample may be
 *     and still be accepted; 0 (the default) rejects every out-of-order sample
 * @param retentionMillis how long samples are kept: an engine deletes, in the background, stored
 *     data whose samples are all older than now minus this; {@link Long#MAX_VALUE} keeps everything
 */
public record StorageOptions(long outOfOrderWindowMillis, long retentionMillis) {

    /** AMP's default retention, 45 days. */
    public static final long DEFAULT_RETENTION_MILLIS = 45L * 24 * 3600_000L;

    public StorageOptions {
        if (outOfOrderWindowMillis < 0) {
            throw new IllegalArgumentException("out-of-order window " + outOfOrderWindowMillis + " ms < 0");
        }
        if (retentionMillis <= 0) {
            throw new IllegalArgumentException("retention " + retentionMillis + " ms <= 0");
        }
    }

    /** The given out-of-order window and the default retention. */
    public StorageOptions(long outOfOrderWindowMillis) {
        this(outOfOrderWindowMillis, DEFAULT_RETENTION_MILLIS);
    }

    /** No out-of-order window, the default retention. */
    public static StorageOptions defaults() {
        return new StorageOptions(0);
    }

    /** These options with another retention. */
    public StorageOptions withRetentionMillis(long millis) {
        return new StorageOptions(outOfOrderWindowMillis, millis);
    }
}
