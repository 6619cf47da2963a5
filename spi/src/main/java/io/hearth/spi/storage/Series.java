package io.hearth.spi.storage;

/**
 * One series of a {@link SeriesSet}: its labels and a way to iterate its samples.
 *
 * <p>Valid until the {@link Querier} that produced it is closed. Thread confinement follows the
 * series set; separate iterators of one series may be used from separate threads.
 */
public interface Series {

    /** The series's identity. */
    Labels labels();

    /**
     * An iterator over the samples in the select's time range, positioned before the first.
     *
     * @param reuse an iterator from an earlier call, to reset and return instead of allocating;
     *     may be {@code null} or of another implementation (then it is ignored)
     */
    SampleIterator iterator(SampleIterator reuse);
}
