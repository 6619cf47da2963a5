package io.hearth.promql.eval;

import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import io.hearth.promql.storage.SeriesSource;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The conformance corpus ({@link CorpusRunner}) over the in-memory {@link MemorySeriesSource}.
 * Cases known to fail are listed with their reason in {@code corpus-failing.txt} next to this
 * class's resources; {@code -Dhearth.corpus.update=true} rewrites it.
 */
class CorpusEvalTest {
    static final Path FAILING = Path.of("src/test/resources/io/hearth/promql/eval/corpus-failing.txt");

    @Test
    void corpus() throws Exception {
        new CorpusRunner("promql-conformance", FAILING).run(new MemoryStore());
    }

    /** The in-memory store: appends straight into a {@link MemorySeriesSource}. */
    static final class MemoryStore implements CorpusStore {
        private final MemorySeriesSource source = new MemorySeriesSource();

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
}
