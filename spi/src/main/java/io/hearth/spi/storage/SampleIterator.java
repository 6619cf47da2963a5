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

    /**
     * Advances as repeated {@link #next()} calls would, appending every float sample it passes
     * with a timestamp {@code <= maxT} to {@code into} (value bit-exact, staleness markers
     * included, with its {@link #startTimestamp()}), and stops on the first sample that is not
     * one: a histogram, a later float, or the end. That sample is then current, as after
     * {@code next()}, and its type is returned; the current sample before the call is not copied.
     *
     * <p>Called by query evaluation on its reading thread, once per run of floats of a series (so
     * usually once per series and query), instead of a call per sample. This default loops over
     * {@code next()}; storage iterators override it to copy whole decoded chunks at once, and must
     * leave the iterator and {@code into} exactly as this default would. Errors end the run as in
     * {@code next()} ({@link ValueType#NONE}, then {@link #err()}).
     *
     * @return the type of the sample now current, {@link ValueType#NONE} at the end
     */
    default ValueType nextFloats(long maxT, FloatSampleBuffer into) {
        while (true) {
            ValueType type = next();
            if (type != ValueType.FLOAT || timestamp() > maxT) {
                return type;
            }
            into.add(timestamp(), value(), startTimestamp());
        }
    }

    /** The error that ended iteration early, or {@code null}. */
    RuntimeException err();
}
