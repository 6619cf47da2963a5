package io.hearth.promql.eval;

import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import io.hearth.promql.storage.SeriesSource;
import java.util.List;
import java.util.function.Function;

/** The corpus's data in memory: appends straight into a {@link MemorySeriesSource}. */
public class MemoryCorpusStore implements CorpusStore {
    protected final MemorySeriesSource source = new MemorySeriesSource();

    @Override
    public void clear() {
        source.clear();
    }

    @Override
    public void append(Labels series, long t, double value, long startTimestamp) {
        source.append(series, t, value, startTimestamp);
    }

    @Override
    public void append(Labels series, long t, FloatHistogram histogram, long startTimestamp) {
        source.append(series, t, histogram, startTimestamp);
    }

    @Override
    public List<String> commit() {
        return List.of();
    }

    @Override
    public <T> T query(Function<SeriesSource, T> query) {
        return query.apply(source);
    }
}
