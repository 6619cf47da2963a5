package io.hearth.storage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.ValueType;
import io.hearth.spi.storage.WorkspaceStorage;
import io.hearth.storage.testing.Directories;
import io.hearth.storage.testing.Seeded;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link WorkspaceStorage}, written against the spi alone, for every storage engine
 * to extend: appends and selects checked against a dumb model (a sorted map of samples per series
 * following Prometheus's ordering and duplicate rules), through a simulated crash (the store's
 * directory copied while it is open, then opened) and a clean reopen; rejections; label names
 * and values.
 */
@ExtendWith(Seeded.class)
public abstract class WorkspaceStorageContractTest {

    /**
     * Opens (creating if needed) a store in {@code dir}; may use {@code rnd} to vary the engine's
     * own settings (chunk sizes, index refresh) so that the suite explores them.
     */
    protected abstract WorkspaceStorage open(Path dir, StorageOptions options, Random rnd) throws IOException;

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
        if (rnd.nextInt(3) == 0) {
            // custom buckets (NHCB), with bounds that change now and then: a layout change in the chunk
            return new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0,
                    0, total, step * 1.5, List.of(new FloatHistogram.Span(rnd.nextInt(2), buckets)), counts, List.of(),
                    new double[0], rnd.nextBoolean() ? new double[] {0.5, 1, 2} : new double[] {-1, 10});
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


    @Test
    void matchesModelThroughCrashAndReopen(Random rnd, @TempDir Path tmp) throws Exception {
        long window = rnd.nextBoolean() ? 0 : rnd.nextInt(60_000);
        StorageOptions options = new StorageOptions(window);
        Model model = new Model(window);
        List<Labels> labels = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            labels.add(Labels.of("__name__", "m" + (i % 4), "instance", "i" + (i % 7), "job", i % 2 == 0 ? "a" : "b",
                    "k", Integer.toString(i)));
        }
        Path dir = tmp.resolve("store");
        WorkspaceStorage head = open(dir, options, rnd);
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
            Directories.copyTree(dir, crashed); // the head is still open: what a crash would leave
            try (WorkspaceStorage replayed = open(crashed, options, rnd)) {
                assertMatches(model, replayed, rnd);
                assertEquals(head.stats().series(), replayed.stats().series());
                assertEquals(head.stats().headSamples(), replayed.stats().headSamples());
            }
        } finally {
            head.close();
        }
        try (WorkspaceStorage reopened = open(dir, options, rnd)) {
            assertMatches(model, reopened, rnd);
        }
    }

    private static void assertMatches(Model model, WorkspaceStorage head, Random rnd) {
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

    private static void assertSelect(Model model, WorkspaceStorage head, List<LabelMatcher> matchers, long minT, long maxT) {
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
                    h.negativeBuckets(), h.customValues()).toString();
        }
        return Long.toHexString((Long) v);
    }

    @Test
    void rejectionNamesSeriesAndTimestamps(@TempDir Path dir) throws Exception {
        try (WorkspaceStorage head = open(dir, StorageOptions.defaults(), new Random(1))) {
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
    void labelNamesAndValuesFollowMatchersAndRange(@TempDir Path dir) throws Exception {
        try (WorkspaceStorage head = open(dir, StorageOptions.defaults(), new Random(1))) {
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

}
