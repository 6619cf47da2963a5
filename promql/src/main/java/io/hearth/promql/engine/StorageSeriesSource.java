package io.hearth.promql.engine;

import io.hearth.promql.ast.LabelMatcher;
import io.hearth.promql.eval.QueryException;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.SampleIterator;
import io.hearth.promql.storage.Series;
import io.hearth.promql.storage.SeriesSource;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.spi.storage.WorkspaceStorage;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluator's {@link SeriesSource} over a workspace's spi storage: a bridge between the
 * evaluator's own data model and the spi's, converting labels, matchers and histograms. It counts
 * the samples it hands out (for metering) and stops the query at its deadline.
 *
 * <p>One per query; closes the queriers it opened in {@link #close()}. The series it selects may
 * be read on several threads at once (one iterator each), as the evaluator does for partitions
 * of a range query's series.
 *
 * <p>Public so that the conformance module can run the PromQL corpus through this very bridge over
 * a real storage engine; {@link PromqlEngine} is its only production user.
 */
public final class StorageSeriesSource implements SeriesSource, AutoCloseable {

    private final WorkspaceStorage storage;
    private final long deadlineNanos;
    private final List<Querier> opened = new ArrayList<>();
    /** Every iterator handed out: each counts its own samples, as partitions of a query run at once. */
    private final java.util.Queue<Iterator> iterators = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public StorageSeriesSource(WorkspaceStorage storage, long timeoutMillis) {
        this.storage = storage;
        this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
    }

    /** Samples read so far; exact once the evaluation that read them returned. */
    long samplesProcessed() {
        long n = 0;
        for (Iterator it : iterators) {
            n += it.samples;
        }
        return n;
    }

    @Override
    public List<Series> select(List<LabelMatcher> matchers, long minT, long maxT) {
        checkDeadline();
        List<io.hearth.spi.storage.LabelMatcher> converted = new ArrayList<>(matchers.size());
        for (LabelMatcher m : matchers) {
            converted.add(new io.hearth.spi.storage.LabelMatcher(switch (m.type()) {
                case EQUAL -> io.hearth.spi.storage.LabelMatcher.Type.EQUAL;
                case NOT_EQUAL -> io.hearth.spi.storage.LabelMatcher.Type.NOT_EQUAL;
                case REGEX -> io.hearth.spi.storage.LabelMatcher.Type.REGEX;
                case NOT_REGEX -> io.hearth.spi.storage.LabelMatcher.Type.NOT_REGEX;
            }, m.name(), m.value()));
        }
        Querier querier = storage.querier(minT, maxT);
        opened.add(querier);
        SeriesSet set = querier.select(minT, maxT, converted);
        List<Series> out = new ArrayList<>();
        while (set.next()) {
            io.hearth.spi.storage.Series series = set.at();
            Labels labels = Labels.ofSortedPairs(series.labels().toPairs()); // a copy: handed over
            out.add(new Series() {
                @Override
                public Labels labels() {
                    return labels;
                }

                @Override
                public SampleIterator iterator(SampleIterator reuse) {
                    // the evaluator hands back the previous series' iterator: reset it and the
                    // storage iterators under it (merge, block and chunk iterators) over this series
                    if (reuse instanceof Iterator previous && previous.source() == StorageSeriesSource.this) {
                        previous.inner = series.iterator(previous.inner);
                        return previous;
                    }
                    Iterator it = new Iterator(series.iterator(null));
                    iterators.add(it);
                    return it;
                }
            });
        }
        if (set.err() != null) {
            throw new QueryException(set.err().getMessage());
        }
        return out;
    }

    @Override
    public void close() {
        opened.forEach(Querier::close);
        opened.clear();
    }

    private void checkDeadline() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new Timeout();
        }
    }

    /** The query ran past its timeout. */
    static final class Timeout extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Timeout() {
            super("query timed out in expression evaluation", null, false, false);
        }
    }

    /** The spi iterator seen as the evaluator's. */
    private final class Iterator implements SampleIterator {
        private io.hearth.spi.storage.SampleIterator inner;
        private long samples;

        Iterator(io.hearth.spi.storage.SampleIterator inner) {
            this.inner = inner;
        }

        StorageSeriesSource source() {
            return StorageSeriesSource.this;
        }

        @Override
        public int next() {
            return step(inner.next());
        }

        @Override
        public int seek(long t) {
            return step(inner.seek(t));
        }

        @Override
        public int nextFloats(long maxT, io.hearth.spi.storage.FloatSampleBuffer into) {
            // the storage's batch read: one call per run of floats instead of several per sample
            int size = into.size();
            ValueType type = inner.nextFloats(maxT, into);
            long before = samples;
            samples += into.size() - size;
            if (((before ^ samples) & ~0x3fffL) != 0) {
                checkDeadline();
            }
            return step(type);
        }

        private int step(ValueType type) {
            if (type == ValueType.NONE) {
                if (inner.err() != null) {
                    throw new QueryException(inner.err().getMessage());
                }
                return NONE;
            }
            if ((++samples & 0x3fff) == 0) {
                checkDeadline();
            }
            return type == ValueType.FLOAT ? FLOAT : HISTOGRAM;
        }

        @Override
        public long timestamp() {
            return inner.timestamp();
        }

        @Override
        public double value() {
            return inner.value();
        }

        @Override
        public FloatHistogram histogram() {
            return Histograms.toEvaluator(inner.histogram());
        }

        @Override
        public long startTimestamp() {
            return inner.startTimestamp();
        }
    }
}
