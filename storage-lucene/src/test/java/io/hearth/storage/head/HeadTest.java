package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.AppendResult;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.Rejection;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StaleMarker;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.testing.Seeded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head against a dumb model (a sorted map of samples per series), through appends, queries,
 * a simulated crash (the directory copied while the head is open, then opened) and a clean reopen.
 */
@ExtendWith(Seeded.class)
class HeadTest {

    /** The model: what Prometheus's rules say the store must hold. */
    private static final class Model {
        final long window;
        final TreeMap<Labels, TreeMap<Long, Object>> series = new TreeMap<>();
        final TreeMap<Labels, Long> newest = new TreeMap<>();

        Model(long window) {
            this.window = window;
        }

        /** Applies a sample; returns the outcome the store must report. */
        AppendResult append(Labels l, long t, Object v) {
            TreeMap<Long, Object> s = series.computeIfAbsent(l, k -> new TreeMap<>());
            Long n = newest.get(l);
            if (n != null && t <= n) {
                if (t < n - window) {
                    return AppendResult.OUT_OF_ORDER;
                }
                Object old = s.get(t);
                if (old != null) {
                    return same(old, v) ? AppendResult.DUPLICATE : AppendResult.DUPLICATE_DIFFERENT_VALUE;
                }
            }
            s.put(t, v);
            if (n == null || t > n) {
                newest.put(l, t);
            }
            return AppendResult.ACCEPTED;
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return x.longValue() == y.longValue();
        }
        return a instanceof FloatHistogram x && b instanceof FloatHistogram y && x.sameValue(y);
    }

    private static FloatHistogram histogram(Random rnd, int step) {
        int buckets = 1 + rnd.nextInt(2);
        double[] counts = new double[buckets];
        double total = 0;
        for (int i = 0; i < buckets; i++) {
            counts[i] = step + i;
            total += counts[i];
        }
        return new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, rnd.nextInt(3) == 0 ? 1 : 0, 1e-128, step,
                total + step, step * 1.5, List.of(new FloatHistogram.Span(0, buckets)), counts, List.of(), new double[0]);
    }

    private static Object randomValue(Random rnd, int step) {
        return switch (rnd.nextInt(12)) {
            case 0 -> StaleMarker.BITS;
            case 1 -> Double.doubleToRawLongBits(Double.NaN);
            case 2 -> Double.doubleToRawLongBits(-0.0);
            case 3 -> histogram(rnd, step);
            default -> Double.doubleToRawLongBits(rnd.nextInt(4) == 0 ? rnd.nextGaussian() : step);
        };
    }

    private static HeadOptions options(long window, Random rnd) {
        return new HeadOptions(window, 1000L * (5 + rnd.nextInt(200)), rnd.nextInt(50),
                io.hearth.storage.wal.WalOptions.defaults());
    }

    @Test
    void matchesModelThroughCrashAndReopen(Random rnd, @TempDir Path tmp) throws Exception {
        long window = rnd.nextBoolean() ? 0 : rnd.nextInt(60_000);
        HeadOptions options = options(window, rnd);
        Model model = new Model(window);
        List<Labels> labels = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            labels.add(Labels.of("__name__", "m" + (i % 4), "instance", "i" + (i % 7), "job", i % 2 == 0 ? "a" : "b",
                    "k", Integer.toString(i)));
        }
        Path dir = tmp.resolve("store");
        Head head = Head.open(dir, options);
        try {
            long[] clock = new long[labels.size()];
            for (int batch = 0; batch < 60; batch++) {
                Appender app = head.appender();
                List<Rejection> expectedRejections = new ArrayList<>();
                int k = 1 + rnd.nextInt(50);
                for (int j = 0; j < k; j++) {
                    int si = rnd.nextInt(labels.size());
                    Labels l = labels.get(si);
                    long t = switch (rnd.nextInt(10)) {
                        case 0 -> clock[si] - rnd.nextInt(90_000); // out of order, maybe within the window
                        case 1 -> clock[si];                        // duplicate timestamp
                        default -> clock[si] += 1 + rnd.nextInt(30_000);
                    };
                    Object v = rnd.nextInt(10) == 0 && model.series.containsKey(l) && model.series.get(l).containsKey(t)
                            ? model.series.get(l).get(t) : randomValue(rnd, batch);
                    AppendResult expected = model.append(l, t, v);
                    AppendResult got = v instanceof Long bits ? app.append(l, t, Double.longBitsToDouble(bits))
                            : app.appendHistogram(l, t, (FloatHistogram) v);
                    if (expected.rejected()) {
                        expectedRejections.add(new Rejection(l, t, 0, expected));
                    }
                    if (got.rejected()) {
                        assertEquals(expected, got, () -> "append " + l + " @" + t);
                    }
                }
                app.commit();
                assertEquals(expectedRejections.stream().map(r -> r.series() + "@" + r.timestamp() + r.reason()).toList(),
                        app.rejections().stream().map(r -> r.series() + "@" + r.timestamp() + r.reason()).toList());
                if (batch % 20 == 19) {
                    assertMatches(model, head, rnd);
                }
            }
            assertMatches(model, head, rnd);

            Path crashed = tmp.resolve("crashed");
            copyTree(dir, crashed); // the head is still open: what a crash would leave
            try (Head replayed = Head.open(crashed, options)) {
                assertMatches(model, replayed, rnd);
                assertEquals(head.stats().series(), replayed.stats().series());
                assertEquals(head.stats().headSamples(), replayed.stats().headSamples());
            }
        } finally {
            head.close();
        }
        try (Head reopened = Head.open(dir, options)) {
            assertMatches(model, reopened, rnd);
        }
    }

    private static void assertMatches(Model model, Head head, Random rnd) {
        // every series, full range
        assertSelect(model, head, List.of(), Long.MIN_VALUE, Long.MAX_VALUE);
        for (int q = 0; q < 10; q++) {
            List<LabelMatcher> matchers = switch (rnd.nextInt(4)) {
                case 0 -> List.of(LabelMatcher.equal("job", "a"));
                case 1 -> List.of(LabelMatcher.regex("__name__", "m[12]"), LabelMatcher.notEqual("instance", "i3"));
                case 2 -> List.of(LabelMatcher.notRegex("k", "1.*"));
                default -> List.of(LabelMatcher.equal("nope", ""));
            };
            long a = rnd.nextInt(400_000);
            long b = a + rnd.nextInt(400_000);
            assertSelect(model, head, matchers, a, b);
        }
    }

    private static void assertSelect(Model model, Head head, List<LabelMatcher> matchers, long minT, long maxT) {
        List<String> expected = new ArrayList<>();
        for (Map.Entry<Labels, TreeMap<Long, Object>> e : model.series.entrySet()) {
            if (!matchers.stream().allMatch(m -> m.matches(e.getKey()))) {
                continue;
            }
            var range = e.getValue().subMap(minT, true, maxT, true);
            if (range.isEmpty()) {
                continue;
            }
            StringBuilder sb = new StringBuilder(e.getKey().toString());
            range.forEach((t, v) -> sb.append(' ').append(t).append('=').append(render(v)));
            expected.add(sb.toString());
        }
        List<String> got = new ArrayList<>();
        try (Querier q = head.querier(minT, maxT)) {
            SeriesSet set = q.select(minT, maxT, matchers);
            SampleIterator it = null;
            while (set.next()) {
                StringBuilder sb = new StringBuilder(set.at().labels().toString());
                it = set.at().iterator(it);
                for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
                    Object v = vt == ValueType.FLOAT ? (Object) Double.doubleToRawLongBits(it.value()) : it.histogram();
                    sb.append(' ').append(it.timestamp()).append('=').append(render(v));
                }
                assertNull(it.err());
                got.add(sb.toString());
            }
            assertNull(set.err());
        }
        assertEquals(expected, got, () -> "select " + matchers + " [" + minT + ", " + maxT + "]");
    }

    private static String render(Object v) {
        if (v instanceof FloatHistogram h) {
            // the hint is not part of the value (chunks keep one per chunk)
            return new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, h.schema(), h.zeroThreshold(),
                    h.zeroCount(), h.count(), h.sum(), h.positiveSpans(), h.positiveBuckets(), h.negativeSpans(),
                    h.negativeBuckets()).toString();
        }
        return Long.toHexString((Long) v);
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
    void rejectionNamesSeriesAndTimestamps(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            Labels l = Labels.of("__name__", "up", "job", "api");
            Appender a = head.appender();
            a.append(l, 2000, 1);
            a.commit();
            Appender b = head.appender();
            assertEquals(AppendResult.OUT_OF_ORDER, b.append(l, 1000, 1));
            assertEquals(AppendResult.ACCEPTED, b.append(l, 2000, 1)); // checked again at commit
            assertEquals(AppendResult.ACCEPTED, b.append(l, 2000, 2));
            b.commit();
            assertEquals(List.of(AppendResult.OUT_OF_ORDER, AppendResult.DUPLICATE_DIFFERENT_VALUE),
                    b.rejections().stream().map(Rejection::reason).toList());
            String msg = b.rejections().get(0).message();
            assertTrue(msg.contains("{__name__=\"up\", job=\"api\"}") && msg.contains("1000") && msg.contains("2000"), msg);
            assertEquals(1, head.stats().headSamples());
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
            copyTree(dir, crashed);
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
    void labelNamesAndValuesFollowMatchersAndRange(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            Appender app = head.appender();
            app.append(Labels.of("__name__", "a", "x", "1"), 100, 1);
            app.append(Labels.of("__name__", "b", "y", "2"), 200, 1);
            app.commit();
            try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertEquals(List.of("a", "b"), q.labelValues("__name__", List.of()));
                assertEquals(List.of("__name__", "y"), q.labelNames(List.of(LabelMatcher.equal("__name__", "b"))));
            }
            try (Querier q = head.querier(150, 300)) {
                assertEquals(List.of("b"), q.labelValues("__name__", List.of()));
            }
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

    static void copyTree(Path from, Path to) throws IOException {
        Set<Path> seen = new HashSet<>();
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (seen.add(p) && !p.getFileName().toString().equals("write.lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
