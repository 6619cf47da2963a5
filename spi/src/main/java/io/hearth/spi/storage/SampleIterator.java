package io.hearth.spi.storage;

/**
 * Steps through the samples of one series in increasing timestamp order, within the range of the
 * select that produced it.
 *
 * <p>A reusable view: stepping over float samples allocates nothing, and an iterator can be handed
 * back to {@link Series#iterator(SampleIterator)} to be reset over another series. The accessors
 * are valid only while the last {@link #next()} or {@link #seek(long)} returned something other
 * than {@link ValueType#NONE}. Not thread-safe: one iterator per evaluating thread.
 *
 * <p>Errors (corrupt chunk data) are not thrown while stepping: iteration ends as if exhausted and
 * {@link #err()} reports why. Callers check {@code err()} once, after the loop.
 */
public interface SampleIterator {

    /** Advances to the next sample and says what it is; {@link ValueType#NONE} at the end. */
    ValueType next();

    /**
     * Advances to the first sample with timestamp {@code >= t}; never moves backwards, so if the
     * current sample qualifies it stays there.
     *
     * @return the type of the sample now current, {@link ValueType#NONE} if there is none
     */
    ValueType seek(long t);

    /** The current sample's timestamp, milliseconds since the epoch. */
    long timestamp();

    /**
     * The current float sample's value; the staleness marker comes back bit-exact
     * ({@link StaleMarker#isStale}).
     *
     * @throws IllegalStateException if the current sample is a histogram
     */
    double value();

    /**
     * The current histogram sample, as a new immutable value (this allocates; histogram samples are
     * rare next to floats).
     *
     * @throws IllegalStateException if the current sample is a float
     */
    FloatHistogram histogram();

    /**
     * The current sample's start timestamp (see {@link Appender#append(Labels, long, double, long)}),
     * milliseconds since the epoch; 0 when it has none or the storage keeps none (this default).
     */
    default long startTimestamp() {
        return 0;
    }

    /** The error that ended iteration early, or {@code null}. */
    RuntimeException err();
}
