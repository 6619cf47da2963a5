package io.hearth.storage.chunk;

/**
 * Appends samples to one {@link Chunk}, in strictly increasing timestamp order.
 *
 * <p>Not thread-safe; the head owns the only appender of an open chunk. Whether a chunk is full is
 * the caller's decision (see {@link XorChunk#TARGET_SAMPLES}); an appender refuses only what the
 * format cannot hold.
 */
public interface ChunkAppender {

    /**
     * Appends a float sample. The value's bits are kept exactly, including NaN payloads such as
     * the staleness marker.
     *
     * @throws IllegalArgumentException if {@code t} is not greater than the last timestamp
     * @throws IllegalStateException if the chunk cannot hold another sample
     * @throws UnsupportedOperationException if the encoding does not hold float samples
     */
    void append(long t, double v);

    /**
     * Appends an integer native histogram. When the sample does not belong in this chunk the
     * result says why and nothing is written; the caller cuts a new chunk.
     *
     * @param h a valid histogram ({@link IntHistogram#validate()}); read, not kept
     * @throws IllegalArgumentException if {@code t} is not greater than the last timestamp
     * @throws IllegalStateException if the chunk cannot hold another sample
     * @throws UnsupportedOperationException if the encoding does not hold integer histograms
     */
    default HistogramAppendResult appendHistogram(long t, IntHistogram h) {
        throw new UnsupportedOperationException("this chunk does not hold integer histograms");
    }

    /**
     * Appends a float native histogram; like {@link #appendHistogram}, a sample that does not
     * belong in this chunk is refused with the reason and nothing is written.
     *
     * @param h a valid histogram ({@link FloatHistogram#validate()}); read, not kept
     * @throws IllegalArgumentException if {@code t} is not greater than the last timestamp
     * @throws IllegalStateException if the chunk cannot hold another sample
     * @throws UnsupportedOperationException if the encoding does not hold float histograms
     */
    default HistogramAppendResult appendFloatHistogram(long t, FloatHistogram h) {
        throw new UnsupportedOperationException("this chunk does not hold float histograms");
    }

    /**
     * Appends a float sample with its start ("created") timestamp, 0 for none. Only the
     * {@link Encoding#XOR_ST} encoding keeps starts; the others take only samples without one.
     *
     * @throws UnsupportedOperationException if {@code st} is not 0 and the encoding keeps no starts
     */
    default void append(long t, long st, double v) {
        if (st != 0) {
            throw new UnsupportedOperationException("this chunk keeps no start timestamps");
        }
        append(t, v);
    }

    /**
     * Like {@link #appendFloatHistogram(long, FloatHistogram)} with the sample's start timestamp,
     * 0 for none; only {@link Encoding#FLOAT_HISTOGRAM_ST} keeps starts.
     *
     * @throws UnsupportedOperationException if {@code st} is not 0 and the encoding keeps no starts
     */
    default HistogramAppendResult appendFloatHistogram(long t, long st, FloatHistogram h) {
        if (st != 0) {
            throw new UnsupportedOperationException("this chunk keeps no start timestamps");
        }
        return appendFloatHistogram(t, h);
    }
}
