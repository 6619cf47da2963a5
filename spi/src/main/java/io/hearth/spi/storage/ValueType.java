package io.hearth.spi.storage;

/** What a {@link SampleIterator} is positioned on. */
public enum ValueType {
    /** Nothing: the iterator is exhausted (or failed; see {@link SampleIterator#err()}). */
    NONE,
    /** A float sample: read {@link SampleIterator#value()}. */
    FLOAT,
    /** A native histogram sample: read {@link SampleIterator#histogram()}. */
    HISTOGRAM
}
