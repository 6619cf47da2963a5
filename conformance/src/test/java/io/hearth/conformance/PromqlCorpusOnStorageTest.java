package io.hearth.conformance;

import io.hearth.promql.engine.Histograms;
import io.hearth.promql.engine.StorageSeriesSource;
import io.hearth.promql.eval.CorpusRunner;
import io.hearth.promql.eval.CorpusStore;
import io.hearth.promql.eval.MemoryCorpusStore;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.SeriesSource;
import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Rejection;
import io.hearth.spi.storage.StorageEngine;
import io.hearth.spi.storage.StorageEngineFactory;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.WorkspaceStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream PromQL conformance corpus, run with promql's own {@link CorpusRunner} (same script
 * parsing, same comparisons, same FORMAT.md section 8 checks as {@code CorpusEvalTest}), but with
 * its data written through the spi {@link Appender} into a real {@code lucene} {@link WorkspaceStorage}
 * and read back through the query path's bridge, {@link StorageSeriesSource}.
 *
 * <p>A fresh store (its own directory under a {@link TempDir}) per file and per {@code clear};
 * one appender per {@code load} block, committed at its end. Cases that pass in memory but not
 * here are listed with their reason in {@code corpus-on-storage-failing.txt}; the test fails when an
 * unlisted case fails or a listed one passes. {@code -Dhearth.corpus.update=true} rewrites the list.
 *
 * <p>It then runs the corpus once more in memory, fed only with what the spi can represent
 * ({@link SpiOnlyMemoryStore}), and requires the same cases to fail: every difference from the
 * in-memory run must be explained by the spi's data model (labels and histograms the spi refuses),
 * not by the storage engine or the bridge. A third run closes and reopens the store after every
 * load and must fail exactly the same cases with the same reasons (reads from the write-ahead log
 * replay).
 */
class PromqlCorpusOnStorageTest {
    static final Path FAILING = Path.of("src/test/resources/io/hearth/conformance/corpus-on-storage-failing.txt");

    @TempDir
    Path dir;

    @Test
    void corpusOnLuceneStorage() throws Exception {
        // a store is opened per file and per clear (about 250 times); their INFO lines drown the report
        java.util.logging.Logger quiet = java.util.logging.Logger.getLogger("io.hearth.storage");
        quiet.setLevel(java.util.logging.Level.WARNING);
        StorageEngineFactory factory = null;
        for (HearthPlugin plugin : ServiceLoader.load(HearthPlugin.class)) {
            for (StorageEngineFactory f : plugin.storageEngineFactories()) {
                if (f.name().equals("lucene")) {
                    factory = f;
                }
            }
        }
        if (factory == null) {
            throw new AssertionError("no storage engine named lucene on the class path");
        }
        Map<String, String> onStorage;
        CorpusRunner runner = new CorpusRunner("promql-conformance on lucene storage", FAILING);
        try (StorageEngine engine = factory.create(new PluginContext(dir, "us-east-1", "123456789012", Map.of(),
                IdentityDirectory.EMPTY))) {
            try (LuceneStore store = new LuceneStore(engine, dir.resolve("fresh"), false)) {
                onStorage = runner.outcomes(store);
            }
            // Again, closing and reopening the store after every load: queries then read what the
            // write-ahead log replay rebuilt, which must answer exactly as the live head did.
            Map<String, String> reopened;
            try (LuceneStore store = new LuceneStore(engine, dir.resolve("reopened"), true)) {
                reopened = new CorpusRunner("promql-conformance on lucene storage reopened after each load", FAILING)
                        .outcomes(store);
            }
            if (!reopened.equals(onStorage)) {
                List<String> diff = new ArrayList<>();
                reopened.forEach((k, v) -> {
                    if (!v.equals(onStorage.get(k))) {
                        diff.add("after reopen " + k + ": " + v + " (live: " + onStorage.get(k) + ")");
                    }
                });
                onStorage.forEach((k, v) -> {
                    if (!reopened.containsKey(k)) {
                        diff.add("fails only live " + k + ": " + v);
                    }
                });
                throw new AssertionError(diff.size() + " cases differ after reopening the store:\n" + String.join("\n", diff));
            }
        }
        // The same corpus in memory, with only what the spi can carry (samples round-tripped through
        // the spi's labels and histograms, start timestamps kept): every case must come out the
        // same, so that all differences on storage are explained by the spi's data model.
        Map<String, String> spiOnly = new CorpusRunner("promql-conformance in memory, spi-representable data only",
                FAILING).outcomes(new SpiOnlyMemoryStore());
        runner.check(onStorage);
        List<String> unexplained = new ArrayList<>();
        onStorage.forEach((k, v) -> {
            if (!spiOnly.containsKey(k)) {
                unexplained.add("fails only on storage: " + k + ": " + v);
            }
        });
        spiOnly.forEach((k, v) -> {
            if (!onStorage.containsKey(k)) {
                unexplained.add("fails only in memory with spi-representable data: " + k + ": " + v);
            }
        });
        if (!unexplained.isEmpty()) {
            throw new AssertionError(unexplained.size() + " differences not explained by the spi's data model:\n"
                    + String.join("\n", unexplained));
        }
    }

    /**
     * What the spi can carry of the corpus's samples: labels and histograms converted as the
     * ingest side would, each loss counted by reason for the block.
     */
    static final class SpiConversion {
        private final Map<String, Integer> lost = new LinkedHashMap<>();

        io.hearth.spi.storage.Labels labels(Labels l) {
            try {
                return io.hearth.spi.storage.Labels.of(l.toMap());
            } catch (IllegalArgumentException e) {
                lost("labels refused by the spi: " + e.getMessage());
                return null;
            }
        }

        /** The spi histogram, or null when the spi cannot represent it. */
        io.hearth.spi.storage.FloatHistogram histogram(FloatHistogram h) {
            try {
                return Histograms.toSpi(h);
            } catch (RuntimeException e) {
                lost("histogram not representable in the spi: " + e.getMessage());
                return null;
            }
        }

        private void lost(String reason) {
            lost.merge(reason, 1, Integer::sum);
        }

        /** The losses of the block, one line per reason; resets them. */
        List<String> drain() {
            List<String> out = new ArrayList<>();
            lost.forEach((reason, n) -> out.add(n + " x " + reason));
            lost.clear();
            return out;
        }
    }

    /** The in-memory store fed only with what survives {@link SpiConversion}, start timestamps included. */
    static final class SpiOnlyMemoryStore extends MemoryCorpusStore {
        private final SpiConversion spi = new SpiConversion();

        @Override
        public void append(Labels series, long t, double value, long startTimestamp) {
            io.hearth.spi.storage.Labels l = spi.labels(series);
            if (l != null) {
                super.append(Labels.of(l.toPairs()), t, value, startTimestamp);
            }
        }

        @Override
        public void append(Labels series, long t, FloatHistogram histogram, long startTimestamp) {
            io.hearth.spi.storage.Labels l = spi.labels(series);
            io.hearth.spi.storage.FloatHistogram h = l == null ? null : spi.histogram(histogram);
            if (h != null) {
                super.append(Labels.of(l.toPairs()), t, Histograms.toEvaluator(h), startTimestamp);
            }
        }

        @Override
        public List<String> commit() {
            return spi.drain();
        }
    }

    /** The corpus's data in a real workspace store. */
    static final class LuceneStore implements CorpusStore {
        private final StorageEngine engine;
        private final Path root;
        private final boolean reopenAfterLoad;
        private final SpiConversion spi = new SpiConversion();
        private int generation;
        private Path current;
        private WorkspaceStorage storage;
        private Appender appender;

        /**
         * @param reopenAfterLoad close and reopen the store after every committed load, so that
         *     reads come from the replayed write-ahead log
         */
        LuceneStore(StorageEngine engine, Path root, boolean reopenAfterLoad) {
            this.engine = engine;
            this.root = root;
            this.reopenAfterLoad = reopenAfterLoad;
        }

        @Override
        public void clear() throws Exception {
            close();
            current = root.resolve("ws" + (++generation));
            storage = engine.open("corpus", current, StorageOptions.defaults());
        }

        private Appender appender() {
            if (appender == null) {
                appender = storage.appender();
            }
            return appender;
        }

        @Override
        public void append(Labels series, long t, double value, long startTimestamp) {
            io.hearth.spi.storage.Labels l = spi.labels(series);
            if (l != null) {
                appender().append(l, t, value, startTimestamp);
            }
        }

        @Override
        public void append(Labels series, long t, FloatHistogram histogram, long startTimestamp) {
            io.hearth.spi.storage.Labels l = spi.labels(series);
            io.hearth.spi.storage.FloatHistogram h = l == null ? null : spi.histogram(histogram);
            if (h != null) {
                appender().appendHistogram(l, t, h, startTimestamp);
            }
        }

        @Override
        public List<String> commit() throws Exception {
            List<String> out = spi.drain();
            if (appender != null) {
                Appender a = appender;
                appender = null;
                a.commit();
                Map<String, Integer> byReason = new LinkedHashMap<>();
                Map<String, String> example = new LinkedHashMap<>();
                for (Rejection r : a.rejections()) {
                    byReason.merge(r.reason().toString(), 1, Integer::sum);
                    example.putIfAbsent(r.reason().toString(), r.message());
                }
                byReason.forEach((reason, n) -> out.add(n + " x refused " + reason + " (first: " + example.get(reason) + ")"));
            }
            if (reopenAfterLoad) {
                storage.close();
                storage = engine.open("corpus", current, StorageOptions.defaults());
            }
            return out;
        }

        @Override
        public <T> T query(Function<SeriesSource, T> query) {
            try (StorageSeriesSource source = new StorageSeriesSource(storage, 600_000)) {
                return query.apply(source);
            }
        }

        @Override
        public void close() throws Exception {
            if (appender != null) {
                appender.rollback();
                appender = null;
            }
            spi.drain();
            if (storage != null) {
                storage.close();
                storage = null;
                engine.delete("corpus", current);
            }
        }
    }
}
