package io.hearth.kernel.ingest;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.AppendResult;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.Rejection;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.Series;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StorageStats;
import io.hearth.spi.storage.WorkspaceStorage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/** A storage that only remembers which series exist: the dumb model the limits are checked against. Thread-safe. */
final class InMemoryStorage implements WorkspaceStorage {

    final Set<Labels> series = new ConcurrentSkipListSet<>();
    int selects;

    void add(String... pairs) {
        series.add(Labels.of(pairs));
    }

    @Override
    public Appender appender() {
        List<Labels> batch = new ArrayList<>();
        return new Appender() {
            @Override
            public AppendResult append(Labels s, long timestamp, double value) {
                batch.add(s);
                return AppendResult.ACCEPTED;
            }

            @Override
            public AppendResult appendHistogram(Labels s, long timestamp, FloatHistogram histogram) {
                batch.add(s);
                return AppendResult.ACCEPTED;
            }

            @Override
            public void commit() {
                series.addAll(batch);
            }

            @Override
            public void rollback() {
                batch.clear();
            }

            @Override
            public List<Rejection> rejections() {
                return List.of();
            }
        };
    }

    @Override
    public Querier querier(long minT, long maxT) {
        return new Querier() {
            @Override
            public SeriesSet select(long lo, long hi, List<LabelMatcher> matchers) {
                selects++;
                List<Labels> hits = series.stream().filter(s -> matchers.stream().allMatch(m -> m.matches(s))).toList();
                Iterator<Labels> it = hits.iterator();
                return new SeriesSet() {
                    Labels current;

                    @Override
                    public boolean next() {
                        current = it.hasNext() ? it.next() : null;
                        return current != null;
                    }

                    @Override
                    public Series at() {
                        Labels at = current;
                        return new Series() {
                            @Override
                            public Labels labels() {
                                return at;
                            }

                            @Override
                            public SampleIterator iterator(SampleIterator reuse) {
                                throw new UnsupportedOperationException();
                            }
                        };
                    }

                    @Override
                    public RuntimeException err() {
                        return null;
                    }
                };
            }

            @Override
            public List<String> labelNames(List<LabelMatcher> matchers) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public StorageStats stats() {
        return new StorageStats(series.size(), 0, 0, 0);
    }

    @Override
    public void close() {
    }
}
