package io.hearth.spi.storage;

/**
 * Per-workspace settings the kernel passes to {@link StorageEngine#open}.
 *
 * @param outOfOrderWindowMillis how far behind a series's newest sample an appended sample may be
 *     and still be accepted; 0 (the default) rejects every out-of-order sample
 */
public record StorageOptions(long outOfOrderWindowMillis) {

    public StorageOptions {
        if (outOfOrderWindowMillis < 0) {
            throw new IllegalArgumentException("out-of-order window " + outOfOrderWindowMillis + " ms < 0");
        }
    }

    /** No out-of-order window. */
    public static StorageOptions defaults() {
        return new StorageOptions(0);
    }
}
