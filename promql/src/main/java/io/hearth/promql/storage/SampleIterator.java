package io.hearth.promql.storage;

import io.hearth.spi.storage.FloatSampleBuffer;

/**
 * A cursor over the samples of one series in time order. Allocation-free: {@link #next()} moves and
 * the accessors read the current sample; a histogram returned by {@link #histogram()} must be
 * treated as read-only and is owned by the storage. Iterators may be reused through
 * {@link Series#iterator(SampleIterator)}.
 */
public interface SampleIterator {
    /** No more samples. */
    int NONE = 0;
    /** The current sample is a float ({@link #value()}), possibly a staleness marker. */
    int FLOAT = 1;
    /** The current sample is a native histogram ({@link #histogram()}). */
    int HISTOGRAM = 2;

    /** Advances to the next sample and returns its kind, or {@link #NONE} at the end. */
    int next();

    /**
     * Advances to the first sample with timestamp {@code >= t} (staying put if the current one
     * qualifies) and returns its kind, or {@link #NONE}.
     */
    int seek(long t);

    long timestamp();

    double value();

    FloatHistogram histogram();

    /** The start ("created") timestamp of the current sample, 0 when unknown. */
    long startTimestamp();

    /**
     * Advances as repeated {@link #next()} calls would, appending each float sample passed with a
     * timestamp {@code <= maxT} to {@code into} (bit-exact, staleness markers included, with its
     * start timestamp), and stops on the first sample that is not one, which is then current; its
     * kind is returned as {@code next()} would. The sample current before the call is not copied.
     * Range functions read a series' floats this way, one call per run rather than one per sample;
     * this default loops, the storage bridge hands the run to the storage's own batch read.
     */
    default int nextFloats(long maxT, FloatSampleBuffer into) {
        while (true) {
            int kind = next();
            if (kind != FLOAT || timestamp() > maxT) {
                return kind;
            }
            into.add(timestamp(), value(), startTimestamp());
        }
    }
}
