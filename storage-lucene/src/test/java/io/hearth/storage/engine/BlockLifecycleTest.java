package io.hearth.storage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.ActiveSeries;
import io.hearth.spi.storage.AppendResult;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.StorageStats;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.BlockMeta;
import io.hearth.storage.block.BlockOptions;
import io.hearth.storage.head.HeadOptions;
import io.hearth.storage.testing.Seeded;
import io.hearth.storage.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head cut into blocks and read back: with one-minute blocks and the maintenance round called
 * directly (no waiting), samples appended over many block ranges are checked against a model
 * (a sorted map per series) after cuts, after reopening, after a flush, after compaction and after
 * retention; series span the head and several blocks.
 */
@ExtendWith(Seeded.class)
class BlockLifecycleTest {

    static final long RANGE = 60_000;
    static final long T0 = 1_699_999_980_000L; // aligned to the minute

    @TempDir
    Path dir;

    final AtomicLong clock = new AtomicLong(T0);
    LuceneStorageEngine engine;

    LuceneWorkspaceStorage open(StorageOptions options) throws IOException {
        engine = new LuceneStorageEngine(new HeadOptions(0, RANGE, 16, WalOptions.defaults()),
                new BlockOptions(RANGE, 3_600_000), new LocalDiskChunkBackend(), clock::get);
        return (LuceneWorkspaceStorage) engine.open("ws", dir, options);
    }

    /** Series name → timestamp → value bits. */
    static final class Model {
        final TreeMap<Labels, TreeMap<Long, Long>> series = new TreeMap<>();

        void put(Labels l, long t, double v) {
            series.computeIfAbsent(l, k -> new TreeMap<>()).put(t, Double.doubleToRawLongBits(v));
        }
    }

    static List<Labels> labels(int n) {
        List<Labels> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Labels.of("__name__", "m" + (i % 3), "instance", "i" + i, "job", i % 2 == 0 ? "even" : "odd"));
        }
        return out;
    }

    /** Appends one sample per series every {@code step} ms in {@code [from, to)}, with jitter and gaps. */
    static void append(LuceneWorkspaceStorage s, Model m, List<Labels> series, long from, long to, long step, Random rnd)
            throws IOException {
        for (long t = from; t < to; t += step) {
            Appender a = s.appender();
            for (Labels l : series) {
                if (rnd.nextInt(10) == 0) {
                    continue; // a missed scrape
                }
                long ts = t + rnd.nextInt((int) (step / 2));
                double v = rnd.nextInt(5) == 0 ? Double.NaN : Math.round(rnd.nextDouble() * 1000) / 10.0;
                assertEquals(AppendResult.ACCEPTED, a.append(l, ts, v));
                m.put(l, ts, v);
            }
            a.commit();
            assertEquals(List.of(), a.rejections());
        }
    }

    static void assertMatches(Model m, LuceneWorkspaceStorage s, long lo, long hi, List<LabelMatcher> matchers) {
        TreeMap<Labels, TreeMap<Long, Long>> expected = new TreeMap<>();
        m.series.forEach((l, samples) -> {
            if (matchers.stream().allMatch(x -> x.matches(l))) {
                var in = new TreeMap<>(samples.subMap(lo, true, hi, true));
                if (!in.isEmpty()) {
                    expected.put(l, in);
                }
            }
        });
        TreeMap<Labels, TreeMap<Long, Long>> actual = new TreeMap<>();
        try (Querier q = s.querier(lo, hi)) {
            SeriesSet set = q.select(lo, hi, matchers);
            Labels prev = null;
            SampleIterator it = null;
            while (set.next()) {
                Labels l = set.at().labels();
                if (prev != null) {
                    assertTrue(prev.compareTo(l) < 0, "series sorted and distinct: " + prev + " then " + l);
                }
                prev = l;
                TreeMap<Long, Long> samples = new TreeMap<>();
                it = set.at().iterator(it);
                long last = Long.MIN_VALUE;
                for (ValueType t = it.next(); t != ValueType.NONE; t = it.next()) {
                    assertTrue(it.timestamp() > last, "timestamps increase without duplicates in " + l);
                    last = it.timestamp();
                    samples.put(it.timestamp(), Double.doubleToRawLongBits(it.value()));
                }
                assertEquals(null, it.err());
                actual.put(l, samples);
            }
            assertEquals(null, set.err());
        }
        assertEquals(expected, actual, "select " + matchers + " over [" + lo + ", " + hi + "]");
    }

    static void assertAll(Model m, LuceneWorkspaceStorage s, Random rnd) {
        assertMatches(m, s, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
        assertMatches(m, s, Long.MIN_VALUE, Long.MAX_VALUE, List.of(LabelMatcher.equal("job", "odd")));
        for (int k = 0; k < 5; k++) {
            long lo = T0 + rnd.nextLong(12 * RANGE);
            long hi = lo + rnd.nextLong(4 * RANGE);
            assertMatches(m, s, lo, hi, List.of(LabelMatcher.regex("__name__", "m[01]")));
        }
    }

    @Test
    void headIsCutIntoBlocksKeepingTheNewestRangeAndReadsMergeBoth(Random rnd) throws IOException {
        Model m = new Model();
        List<Labels> series = labels(30);
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            append(s, m, series, T0, T0 + 10 * RANGE, 5_000, rnd);
            s.maintain();
            List<BlockMeta> blocks = s.blocks();
            assertFalse(blocks.isEmpty(), "blocks were cut");
            for (int i = 0; i < blocks.size(); i++) {
                BlockMeta b = blocks.get(i);
                if (b.level() == 1) {
                    assertTrue(b.maxT() - b.minT() < RANGE, "a cut block spans at most one range: " + b);
                }
                if (i > 0) {
                    assertTrue(blocks.get(i - 1).maxT() < b.minT(), "blocks do not overlap: " + blocks);
                }
            }
            long lastBlockMax = blocks.get(blocks.size() - 1).maxT();
            assertTrue(lastBlockMax < T0 + 9 * RANGE, "the newest 1.5 ranges stay in the head");
            assertTrue(s.stats().headSamples() > 0);
            assertTrue(s.stats().headSamples() < m.series.values().stream().mapToLong(TreeMap::size).sum(),
                    "cut samples left the head's memory");
            assertAll(m, s, rnd);
            // an append older than the cut is refused; a newer one goes on
            Appender a = s.appender();
            a.append(series.get(0), T0 + 1, 1.0);
            a.append(series.get(0), T0 + 20 * RANGE, 2.0);
            a.commit();
            m.put(series.get(0), T0 + 20 * RANGE, 2.0);
            assertEquals(1, a.rejections().size());
            assertEquals(AppendResult.OUT_OF_ORDER, a.rejections().get(0).reason());
            assertAll(m, s, rnd);
        }
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            assertAll(m, s, rnd);
            StorageStats stats = s.stats();
            assertTrue(stats.blocks() > 0);
            assertTrue(stats.bytesOnDisk() > 0);
        }
    }

    @Test
    void walIsCheckpointedAfterACutSoReplayReadsOnlyTheHead(Random rnd) throws IOException {
        Model m = new Model();
        List<Labels> series = labels(10);
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            append(s, m, series, T0, T0 + 6 * RANGE, 5_000, rnd);
            s.maintain();
        }
        try (Stream<Path> wal = Files.list(dir.resolve("wal"))) {
            List<String> names = wal.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("checkpoint.")), "a checkpoint: " + names);
            assertFalse(names.contains("00000000.wal"), "the first segment was truncated: " + names);
        }
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            long total = m.series.values().stream().mapToLong(TreeMap::size).sum();
            assertTrue(s.stats().headSamples() < total, "replay restored only the head's samples");
            assertAll(m, s, rnd);
        }
    }

    @Test
    void flushCutsEverythingAndLaterSamplesStillArrive(Random rnd) throws IOException {
        Model m = new Model();
        List<Labels> series = labels(20);
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            append(s, m, series, T0, T0 + 3 * RANGE + 7_000, 5_000, rnd);
            s.flush();
            assertEquals(0, s.stats().headSamples());
            assertEquals(4, s.blocks().size(), "one block per aligned range: " + s.blocks());
            assertAll(m, s, rnd);
            append(s, m, series, T0 + 4 * RANGE, T0 + 5 * RANGE, 5_000, rnd);
            assertAll(m, s, rnd);
            s.flush();
            s.flush(); // nothing left: a no-op
        }
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            assertEquals(0, s.stats().headSamples());
            assertAll(m, s, rnd);
            assertEquals(List.of("i0", "i1", "i10"), s.querier(Long.MIN_VALUE, Long.MAX_VALUE)
                    .labelValues("instance", List.of()).subList(0, 3));
            assertEquals(List.of("__name__", "instance", "job"), s.querier(Long.MIN_VALUE, Long.MAX_VALUE)
                    .labelNames(List.of(LabelMatcher.equal("job", "odd"))));
        }
    }

    @Test
    void theActiveSeriesAreTheHeadsAndAQuerierFromTheirStartReadsOnlyThem(Random rnd) throws IOException {
        Model m = new Model();
        List<Labels> all = labels(20);
        List<Labels> staying = all.subList(0, 10);
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            append(s, m, all, T0, T0 + RANGE, 5_000, rnd);
            append(s, m, staying, T0 + RANGE, T0 + 2 * RANGE + RANGE * 4 / 10, 5_000, rnd);
            assertEquals(new ActiveSeries(20, Long.MIN_VALUE, 0), s.activeSeries(), "nothing cut yet");

            s.maintain(); // cuts the first range: the series that stopped in it leave the head
            ActiveSeries active = s.activeSeries();
            assertEquals(new ActiveSeries(10, T0 + RANGE, 10), active);
            assertEquals(s.stats().series(), active.count());
            assertEquals(1, s.blocks().size());
            List<Labels> expected = new ArrayList<>(staying);
            expected.sort(null);
            assertEquals(expected, selectAll(s, active.since()), "a querier from `since` sees only the head's series");
            assertEquals(all.size(), selectAll(s, Long.MIN_VALUE).size(), "the others are in the block");
        }
    }

    private static List<Labels> selectAll(LuceneWorkspaceStorage s, long from) {
        List<Labels> out = new ArrayList<>();
        try (Querier q = s.querier(from, Long.MAX_VALUE)) {
            SeriesSet set = q.select(from, Long.MAX_VALUE, List.of(LabelMatcher.regex("__name__", ".+")));
            while (set.next()) {
                out.add(set.at().labels());
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void blocksAreCompactedIntoLargerOnesAndDataIsUnchanged(Random rnd) throws IOException {
        Model m = new Model();
        List<Labels> series = labels(15);
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            append(s, m, series, T0, T0 + 12 * RANGE, 10_000, rnd);
            s.maintain();
            List<BlockMeta> blocks = s.blocks();
            assertTrue(blocks.stream().anyMatch(b -> b.level() > 1), "compacted: " + blocks);
            BlockMeta merged = blocks.stream().filter(b -> b.level() > 1).findFirst().orElseThrow();
            assertTrue(merged.sources().size() >= 2);
            assertTrue(merged.maxT() - merged.minT() >= RANGE, merged.toString());
            assertAll(m, s, rnd);
        }
        try (Stream<Path> left = Files.list(dir.resolve("blocks"))) {
            assertEquals(0, left.filter(p -> p.toString().endsWith(".tmp")).count());
        }
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            assertAll(m, s, rnd);
        }
    }

    @Test
    void retentionDeletesWholeExpiredBlocksAndAChangeTakesEffectWithoutReopen(Random rnd) throws IOException {
        Model m = new Model();
        List<Labels> series = labels(5);
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            append(s, m, series, T0, T0 + 8 * RANGE, 10_000, rnd);
            s.flush();
            int before = s.blocks().size();
            clock.set(T0 + 10 * RANGE);
            s.maintain(); // 45 days: nothing expires
            assertEquals(before, s.blocks().stream().mapToInt(b -> b.sources().size()).sum());
            s.updateOptions(s.options().withRetentionMillis(6 * RANGE)); // keep what is newer than T0 + 4 ranges
            s.maintain();
            long keptFrom = Long.MAX_VALUE;
            for (BlockMeta b : s.blocks()) {
                assertTrue(b.maxT() >= T0 + 4 * RANGE, "expired block kept: " + b);
                keptFrom = Math.min(keptFrom, b.minT());
            }
            assertTrue(keptFrom > T0 && keptFrom <= T0 + 4 * RANGE, "blocks were deleted, the straddling one kept");
            long from = keptFrom;
            m.series.values().forEach(samples -> samples.headMap(from).clear());
            assertMatches(m, s, Long.MIN_VALUE, Long.MAX_VALUE, List.of());
        }
    }

    @Test
    void labelNamesAndValuesIncludeBlocks() throws IOException {
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            Appender a = s.appender();
            a.append(Labels.of("__name__", "old", "zone", "a"), T0, 1);
            a.commit();
            s.flush();
            a = s.appender();
            a.append(Labels.of("__name__", "new", "rack", "r1"), T0 + 5 * RANGE, 1);
            a.commit();
            try (Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertEquals(List.of("__name__", "rack", "zone"), q.labelNames(List.of()));
                assertEquals(List.of("new", "old"), q.labelValues("__name__", List.of()));
                assertEquals(List.of("a"), q.labelValues("zone", List.of(LabelMatcher.equal("__name__", "old"))));
            }
            try (Querier q = s.querier(T0 + 4 * RANGE, Long.MAX_VALUE)) {
                assertEquals(List.of("new"), q.labelValues("__name__", List.of()), "a block outside the range is left out");
            }
        }
    }

    @Test
    void theSameSeriesInSeveralBlocksAndTheHeadIsOneSeries() throws IOException {
        Labels l = Labels.of("__name__", "up");
        Map<Long, Double> expect = new TreeMap<>();
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            for (int r = 0; r < 4; r++) {
                Appender a = s.appender();
                for (long t = T0 + r * RANGE; t < T0 + r * RANGE + RANGE / 2; t += 1000) {
                    a.append(l, t, t % 7);
                    expect.put(t, (double) (t % 7));
                }
                a.commit();
                if (r < 3) {
                    s.flush();
                }
            }
            try (Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of(LabelMatcher.equal("__name__", "up")));
                assertTrue(set.next());
                Map<Long, Double> got = new TreeMap<>();
                SampleIterator it = set.at().iterator(null);
                for (ValueType t = it.next(); t != ValueType.NONE; t = it.next()) {
                    got.put(it.timestamp(), it.value());
                }
                assertEquals(expect, got);
                assertFalse(set.next());
                // seek across the block boundaries
                it = set.at().iterator(it);
                assertEquals(ValueType.FLOAT, it.seek(T0 + 2 * RANGE + 500));
                assertEquals(T0 + 2 * RANGE + 1000, it.timestamp());
                assertEquals(ValueType.FLOAT, it.seek(T0 + 3 * RANGE));
                assertEquals(T0 + 3 * RANGE, it.timestamp());
            }
        }
    }

    @Test
    void histogramsIncludingCustomBucketsAndFloatsOfOneSeriesSurviveCutsAndCompaction(Random rnd) throws IOException {
        Labels l = Labels.of("__name__", "mixed");
        TreeMap<Long, Object> expect = new TreeMap<>();
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            int step = 0;
            for (long t = T0; t < T0 + 8 * RANGE; t += 5_000) {
                Appender a = s.appender();
                if (rnd.nextInt(4) == 0) {
                    double v = rnd.nextInt(100);
                    a.append(l, t, v);
                    expect.put(t, v);
                } else {
                    step++;
                    int buckets = 1 + rnd.nextInt(3); // layout changes cut chunks
                    double[] counts = new double[buckets];
                    double total = 0;
                    for (int i = 0; i < buckets; i++) {
                        counts[i] = step + i;
                        total += counts[i];
                    }
                    FloatHistogram h = rnd.nextInt(3) == 0
                            // custom buckets (NHCB), whose bounds change now and then
                            ? new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN,
                                    FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, total, step * 1.5,
                                    List.of(new FloatHistogram.Span(0, buckets)), counts, List.of(), new double[0],
                                    rnd.nextBoolean() ? new double[] {0.5, 1, 2} : new double[] {-1, 10, 20})
                            : new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, rnd.nextInt(2), 1e-128,
                                    step, total + step, step * 1.5, List.of(new FloatHistogram.Span(0, buckets)), counts,
                                    List.of(), new double[0]);
                    a.appendHistogram(l, t, h);
                    expect.put(t, h);
                }
                a.commit();
                assertEquals(List.of(), a.rejections());
                if (t == T0 + 3 * RANGE) {
                    s.maintain();
                }
            }
            s.flush();
            s.maintain();
            assertEquals(expect.size(), s.blocks().stream().mapToLong(BlockMeta::samples).sum());
        }
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults());
                Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
            assertTrue(set.next());
            SampleIterator it = set.at().iterator(null);
            var want = expect.entrySet().iterator();
            for (ValueType t = it.next(); t != ValueType.NONE; t = it.next()) {
                var e = want.next();
                assertEquals(e.getKey(), it.timestamp());
                if (e.getValue() instanceof FloatHistogram h) {
                    assertEquals(ValueType.HISTOGRAM, t);
                    assertTrue(h.sameValue(it.histogram()), "histogram at " + it.timestamp());
                } else {
                    assertEquals(ValueType.FLOAT, t);
                    assertEquals((Double) e.getValue(), it.value());
                }
            }
            assertFalse(want.hasNext(), "every sample read back");
            assertEquals(null, it.err());
        }
    }

    @Test
    void startTimestampsSurviveCutsAndReopen() throws IOException {
        Labels l = Labels.of("__name__", "requests_total");
        TreeMap<Long, Long> starts = new TreeMap<>();
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            for (long t = T0; t < T0 + 3 * RANGE; t += 5_000) {
                Appender a = s.appender();
                long st = t < T0 + RANGE / 2 ? 0 : T0 + RANGE / 2; // the first samples have none
                a.append(l, t, t - T0, st);
                starts.put(t, st);
                a.commit();
            }
            s.flush();
        }
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults());
                Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
            assertTrue(set.next());
            SampleIterator it = set.at().iterator(null);
            TreeMap<Long, Long> got = new TreeMap<>();
            for (ValueType t = it.next(); t != ValueType.NONE; t = it.next()) {
                got.put(it.timestamp(), it.startTimestamp());
            }
            assertEquals(starts, got);
        }
    }

    @Test
    void exemplarsAreQueryableAfterACutAndTheCheckpointKeepsThoseNotOlderThanIt() throws IOException {
        Labels l = Labels.of("__name__", "requests_total");
        List<List<LabelMatcher>> all = List.of(List.of(LabelMatcher.equal("__name__", "requests_total")));
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            for (long t = T0; t < T0 + 3 * RANGE; t += 10_000) {
                Appender a = s.appender();
                a.append(l, t, t - T0);
                assertEquals(AppendResult.ACCEPTED, a.appendExemplar(l,
                        new io.hearth.spi.storage.Exemplar(Labels.of("trace_id", "t" + t), 1, t, true)));
                a.commit();
            }
            clock.set(T0 + 3 * RANGE);
            s.maintain();
            try (Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertEquals(18, q.selectExemplars(Long.MIN_VALUE, Long.MAX_VALUE, all).get(0).exemplars().size(),
                        "the in-memory exemplars stay after the cut");
            }
        }
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults());
                Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            var kept = q.selectExemplars(Long.MIN_VALUE, Long.MAX_VALUE, all).get(0).exemplars();
            assertFalse(kept.isEmpty(), "the checkpoint keeps the exemplars the head still covers");
            assertTrue(kept.size() < 18, "and drops older ones, as Prometheus's checkpoint does: " + kept.size());
            assertEquals(T0 + 3 * RANGE - 10_000, kept.get(kept.size() - 1).timestamp());
        }
    }
}
