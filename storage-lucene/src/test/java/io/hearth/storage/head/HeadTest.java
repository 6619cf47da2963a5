package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.testing.Directories;
import io.hearth.storage.testing.Seeded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the head promises beyond the spi contract ({@code LuceneWorkspaceStorageContractTest} runs
 * that): concurrent commits replay exactly, seek, chunk cutting, a torn WAL tail, selectability
 * without a refresh, and the store lock.
 */
@ExtendWith(Seeded.class)
class HeadTest {

    private static HeadOptions options(long window, Random rnd) {
        return new HeadOptions(window, 1000L * (5 + rnd.nextInt(200)), rnd.nextInt(50),
                io.hearth.storage.wal.WalOptions.defaults());
    }

    /** Appenders share pooled buffers: what one buffered, committed or rolled back, never reaches the next. */
    @Test
    void anAppenderCarriesNothingOfTheOneBeforeIt(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            Appender a = head.appender();
            for (int i = 0; i < 300; i++) { // grows the buffers past their first size
                a.append(Labels.of("__name__", "a", "i", Integer.toString(i)), 1000, i);
            }
            a.commit();
            Appender rolledBack = head.appender();
            rolledBack.append(Labels.of("__name__", "b"), 2000, 1);
            rolledBack.rollback();
            Appender c = head.appender();
            c.append(Labels.of("__name__", "c"), 3000, 3);
            c.commit();
            assertEquals(301, head.stats().series());
            assertEquals(301, head.stats().samplesAppended());
            try (Querier q = head.querier(0, 5000)) {
                assertFalse(q.select(0, 5000, List.of(LabelMatcher.equal("__name__", "b"))).next());
                SeriesSet set = q.select(0, 5000, List.of(LabelMatcher.equal("__name__", "c")));
                assertTrue(set.next());
                SampleIterator it = set.at().iterator(null);
                assertEquals(ValueType.FLOAT, it.next());
                assertEquals(3000, it.timestamp());
                assertEquals(ValueType.NONE, it.next());
            }
        }
    }

    @Test
    void seekSkipsForwardAndNeverBack(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, new HeadOptions(0, 100, 0, io.hearth.storage.wal.WalOptions.defaults()))) {
            Labels l = Labels.of("a", "1");
            Appender app = head.appender();
            for (int t = 0; t < 1000; t += 10) {
                app.append(l, t, t);
            }
            app.commit();
            assertEquals(10, head.stats().headChunks()); // 100 ms span: a new chunk every 10 samples
            try (Querier q = head.querier(0, 2000)) {
                SeriesSet set = q.select(0, 2000, List.of());
                assertTrue(set.next());
                SampleIterator it = set.at().iterator(null);
                assertEquals(ValueType.FLOAT, it.seek(555));
                assertEquals(560, it.timestamp());
                assertEquals(ValueType.FLOAT, it.seek(100));
                assertEquals(560, it.timestamp());
                assertEquals(ValueType.FLOAT, it.next());
                assertEquals(570, it.timestamp());
                assertEquals(ValueType.NONE, it.seek(5000));
                assertFalse(set.next());
            }
        }
    }

    @Test
    void startTimestampsComeBackFromChunksOutOfOrderSamplesAndReplay(Random rnd, @TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("store");
        java.util.TreeMap<Long, Long> model = new java.util.TreeMap<>(); // timestamp -> start
        Labels floats = Labels.of("__name__", "c_total");
        Labels hists = Labels.of("__name__", "h");
        io.hearth.spi.storage.FloatHistogram h = new io.hearth.spi.storage.FloatHistogram(
                io.hearth.spi.storage.FloatHistogram.CounterResetHint.GAUGE, 0, 0, 0, 1, 1, List.of(), new double[0],
                List.of(), new double[0]);
        HeadOptions options = new HeadOptions(60_000, 1000L * (5 + rnd.nextInt(100)), 0,
                io.hearth.storage.wal.WalOptions.defaults());
        try (Head head = Head.open(dir, options)) {
            long t = 100_000;
            for (int i = 0; i < 400; i++) {
                // samples without a start first, then cumulative and delta starts, and some out of order
                long ts = i % 7 == 6 ? t - 1 - rnd.nextInt(50_000) : (t += 1 + rnd.nextInt(2000));
                if (model.containsKey(ts)) {
                    continue;
                }
                long st = i < 50 ? 0 : switch (rnd.nextInt(3)) {
                    case 0 -> 0;
                    case 1 -> 90_000;
                    default -> ts - 1 - rnd.nextInt(1000);
                };
                model.put(ts, st);
                Appender app = head.appender();
                assertEquals(io.hearth.spi.storage.AppendResult.ACCEPTED, app.append(floats, ts, i, st));
                assertEquals(io.hearth.spi.storage.AppendResult.ACCEPTED, app.appendHistogram(hists, ts, h, st));
                app.commit();
            }
            assertStarts(head, floats, model);
            assertStarts(head, hists, model);
        }
        try (Head head = Head.open(dir, options)) {
            assertStarts(head, floats, model);
            assertStarts(head, hists, model);
        }
    }

    private static void assertStarts(Head head, Labels series, java.util.TreeMap<Long, Long> model) throws IOException {
        try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE,
                    List.of(new LabelMatcher(LabelMatcher.Type.EQUAL, "__name__", series.get("__name__"))));
            assertTrue(set.next());
            SampleIterator it = set.at().iterator(null);
            java.util.TreeMap<Long, Long> got = new java.util.TreeMap<>();
            while (it.next() != ValueType.NONE) {
                got.put(it.timestamp(), it.startTimestamp());
            }
            assertEquals(null, it.err());
            assertEquals(model, got, "starts of " + series);
        }
    }

    @Test
    void concurrentCommitsReplayExactly(Random rnd, @TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("store");
        HeadOptions options = options(rnd.nextBoolean() ? 0 : 5_000, rnd);
        long seed = rnd.nextLong();
        try (Head head = Head.open(dir, options)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int worker = w;
                    futures.add(pool.submit(() -> {
                        Random r = new Random(seed + worker);
                        for (int batch = 0; batch < 50; batch++) {
                            Appender app = head.appender();
                            for (int j = 0; j < 20; j++) {
                                // shared series race; own series stay in order
                                Labels l = Labels.of("s", Integer.toString(r.nextInt(8)), "w",
                                        r.nextBoolean() ? "shared" : Integer.toString(worker));
                                app.append(l, batch * 1000L + r.nextInt(3000), r.nextInt(3));
                            }
                            app.commit();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            Path crashed = tmp.resolve("crashed");
            Directories.copyTree(dir, crashed);
            try (Head replayed = Head.open(crashed, options)) {
                assertEquals(dump(head), dump(replayed));
            }
        }
    }

    private static List<String> dump(Head head) {
        List<String> out = new ArrayList<>();
        try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
            while (set.next()) {
                StringBuilder sb = new StringBuilder(set.at().labels().toString());
                SampleIterator it = set.at().iterator(null);
                while (it.next() != ValueType.NONE) {
                    sb.append(' ').append(it.timestamp()).append('=').append(it.value());
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    @Test
    void seekAndNextAgreeWithASortedMapAcrossChunksAndOutOfOrderSamples(Random rnd, @TempDir Path dir)
            throws Exception {
        java.util.TreeMap<Long, Double> model = new java.util.TreeMap<>();
        Labels l = Labels.of("a", "1");
        try (Head head = Head.open(dir, new HeadOptions(50_000, 1000L * (1 + rnd.nextInt(60)), 0,
                io.hearth.storage.wal.WalOptions.defaults()))) {
            long newest = Long.MIN_VALUE;
            for (int i = 0; i < 600; i++) {
                long t = newest == Long.MIN_VALUE ? 0 : rnd.nextInt(5) == 0 ? newest - rnd.nextInt(50_000)
                        : newest + 1 + rnd.nextInt(2000);
                if (model.containsKey(t)) {
                    continue;
                }
                Appender app = head.appender();
                app.append(l, t, i);
                app.commit();
                model.put(t, (double) i);
                newest = Math.max(newest, t);
            }
            long first = model.firstKey();
            long last = model.lastKey();
            for (int round = 0; round < 50; round++) {
                long lo = first + (long) (rnd.nextDouble() * (last - first));
                long hi = lo + (long) (rnd.nextDouble() * (last - lo + 1000));
                try (Querier q = head.querier(lo, hi)) {
                    SeriesSet set = q.select(lo, hi, List.of());
                    var range = model.subMap(lo, true, hi, true);
                    if (range.isEmpty()) {
                        assertFalse(set.next());
                        continue;
                    }
                    assertTrue(set.next());
                    SampleIterator it = set.at().iterator(null);
                    Long cur = null; // the model's current timestamp, null before the first step
                    for (int op = 0; op < 40; op++) {
                        ValueType got;
                        Long want;
                        if (rnd.nextBoolean()) {
                            got = it.next();
                            want = cur == null ? range.firstKey() : range.higherKey(cur);
                        } else {
                            long target = lo + (long) (rnd.nextDouble() * (hi - lo + 1));
                            got = it.seek(target);
                            want = cur != null && cur >= target ? cur : range.ceilingKey(target);
                        }
                        if (want == null) {
                            assertEquals(ValueType.NONE, got, "op " + op + " past the end");
                            break;
                        }
                        assertEquals(ValueType.FLOAT, got, "op " + op);
                        assertEquals(want.longValue(), it.timestamp(), "op " + op);
                        assertEquals(model.get(want), it.value(), "op " + op);
                        cur = want;
                    }
                }
            }
        }
    }

    @Test
    void aLargeCommitIsSplitIntoSeveralRecordsAndReplayed(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("store");
        int n = HeadAppender.SAMPLES_PER_RECORD * 2 + 7;
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            Appender app = head.appender();
            for (int i = 0; i < n; i++) {
                app.append(Labels.of("i", Integer.toString(i % 1000)), i / 1000, i);
            }
            app.commit();
            assertEquals(n, head.stats().headSamples());
        }
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            assertEquals(n, head.stats().headSamples());
            assertEquals(1000, head.stats().series());
        }
    }

    @Test
    void tornWalTailDropsOnlyTheLastCommit(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("store");
        Labels l = Labels.of("__name__", "x");
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            for (int t = 1; t <= 10; t++) {
                Appender app = head.appender();
                app.append(l, t * 1000L, t);
                app.commit();
            }
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir.resolve("wal"))) {
            segment = files.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted()
                    .filter(p -> p.toFile().length() > 100).reduce((a, b) -> b).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        Files.write(segment, java.util.Arrays.copyOf(bytes, bytes.length - 3)); // torn last frame
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            assertEquals(9, head.stats().headSamples());
            Appender app = head.appender(); // and the store takes appends again
            app.append(l, 10_000, 10);
            app.commit();
            assertEquals(10, head.stats().headSamples());
        }
    }

    @Test
    void newSeriesIsSelectableWithoutARefresh(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, new HeadOptions(0, HeadOptions.DEFAULT_MAX_CHUNK_SPAN_MILLIS, Integer.MAX_VALUE,
                io.hearth.storage.wal.WalOptions.defaults()))) {
            for (int i = 0; i < 3; i++) {
                Appender app = head.appender();
                app.append(Labels.of("__name__", "new", "i", Integer.toString(i)), 1000, i);
                app.commit();
                try (Querier q = head.querier(0, 2000)) {
                    SeriesSet set = q.select(0, 2000, List.of(LabelMatcher.equal("i", Integer.toString(i))));
                    assertTrue(set.next(), "series " + i + " not selectable after its commit");
                }
            }
            assertEquals(3, head.postings.overlaySize());
        }
    }

    @Test
    void secondOpenIsRefusedAndLeavesTheFirstIntact(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            Appender app = head.appender();
            app.append(Labels.of("a", "1"), 1, 1);
            app.commit();
            head.postings.refresh();
            org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Head.open(dir, HeadOptions.defaults()));
            try (Querier q = head.querier(0, 10)) {
                assertTrue(q.select(0, 10, List.of(LabelMatcher.equal("a", "1"))).next());
            }
        }
    }

}
