package io.hearth.promql.storage;

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
}
