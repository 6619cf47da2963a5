package io.hearth.spi.storage;

/**
 * The staleness marker: the particular NaN Prometheus writes as a float sample (or as a
 * histogram's sum) when a series disappears, so that queries stop returning it at once.
 * Storage keeps its bits exactly; PromQL treats a sample carrying it as absent.
 */
public final class StaleMarker {

    /** The raw bits of the marker, {@code 0x7ff0000000000002}. */
    public static final long BITS = 0x7ff0000000000002L;

    /** The marker as a double; compare with {@link #isStale}, never with {@code ==}. */
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleMarker() {
    }

    /** Whether a value is the staleness marker (an ordinary NaN is not). */
    public static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == BITS;
    }
}
