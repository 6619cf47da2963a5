package io.hearth.promql.storage;

/** One series returned by {@link SeriesSource#select}. */
public interface Series {
    Labels labels();

    /**
     * An iterator over this series' samples, reusing {@code reuse} when it is of a suitable kind.
     * The series of one {@link SeriesSource#select} may be iterated on different threads at once
     * (each iterator on one thread).
     */
    SampleIterator iterator(SampleIterator reuse);
}
