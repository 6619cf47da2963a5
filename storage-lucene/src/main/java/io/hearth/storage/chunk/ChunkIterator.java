package io.hearth.storage.chunk;

/**
 * Steps through the samples of a chunk in timestamp order.
 *
 * <p>A reusable view: it allocates nothing per sample and can be reset over another chunk (pass it
 * as {@code reuse} to {@link Chunk#iterator}). The accessors are valid only after {@link #next()} or
 * {@link #seek(long)} returned {@code true}. Not thread-safe.
 *
 * <p>Errors are not thrown while stepping: on corrupt or truncated data {@code next()} and
 * {@code seek()} return {@code false}, as at the end, and {@link #err()} says why. Callers check
 * {@code err()} once, after the loop.
 */
public interface ChunkIterator {

    /** Advances to the next sample; {@code false} at the end or on error. */
    boolean next();

    /**
     * Advances to the first sample with timestamp {@code >= t}. Never moves backwards: if the
     * current sample already qualifies, stays on it.
     *
     * @return {@code false} if there is no such sample or on error
     */
    boolean seek(long t);

    /** The current sample's timestamp in milliseconds. */
    long atT();

    /**
     * The current sample's float value.
     *
     * @throws UnsupportedOperationException for a histogram encoding
     */
    double atV();

    /**
     * The current sample's value as raw IEEE 754 bits, exactly as appended. Prefer this when the
     * value is copied on rather than computed with, so NaN payloads (the staleness marker)
     * survive on every platform.
     */
    long atVBits();

    /**
     * Copies the current integer histogram sample into {@code into}, reusing its arrays.
     *
     * @return {@code into}
     * @throws UnsupportedOperationException if the encoding does not hold integer histograms
     */
    default IntHistogram atHistogram(IntHistogram into) {
        throw new UnsupportedOperationException("this chunk does not hold integer histograms");
    }

    /**
     * Copies the current float histogram sample into {@code into}, reusing its arrays.
     *
     * @return {@code into}
     * @throws UnsupportedOperationException if the encoding does not hold float histograms
     */
    default FloatHistogram atFloatHistogram(FloatHistogram into) {
        throw new UnsupportedOperationException("this chunk does not hold float histograms");
    }

    /**
     * The current sample's start ("created") timestamp: when the counter it belongs to started,
     * in milliseconds; 0 when it has none or the encoding keeps none.
     */
    default long atST() {
        return 0;
    }

    /** The error that stopped iteration, or {@code null} if there was none. */
    ChunkFormatException err();
}
