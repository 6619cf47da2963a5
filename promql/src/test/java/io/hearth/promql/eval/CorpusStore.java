package io.hearth.promql.eval;

import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.SeriesSource;
import java.util.List;
import java.util.function.Function;

/**
 * Where a {@link CorpusRunner} keeps the data the scripts load: the in-memory store for
 * {@link CorpusEvalTest}, a real storage engine for the conformance module's run. The runner
 * {@link #clear()}s it before every file and at every {@code clear} command, appends a {@code load}
 * block sample by sample in time order per series, then calls {@link #commit()}.
 */
public interface CorpusStore extends AutoCloseable {

    /** Drops everything loaded so far. */
    void clear() throws Exception;

    /** Appends a float sample (possibly the staleness marker); {@code startTimestamp} 0 means none. */
    void append(Labels series, long t, double value, long startTimestamp);

    /** Appends a histogram sample; {@code startTimestamp} 0 means none. */
    void append(Labels series, long t, FloatHistogram histogram, long startTimestamp);

    /**
     * Ends a {@code load} block.
     *
     * @return what the store could not take of the block (refused or unconvertible samples), one
     *     line each; empty when everything was stored
     */
    List<String> commit() throws Exception;

    /** Runs one query over what was loaded and committed. */
    <T> T query(Function<SeriesSource, T> query);

    @Override
    default void close() throws Exception {
    }
}
