package io.hearth.storage.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.FloatSampleBuffer;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StaleMarker;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.BlockOptions;
import io.hearth.storage.head.HeadOptions;
import io.hearth.storage.testing.Seeded;
import io.hearth.storage.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage's batch reads ({@link SampleIterator#nextFloats}) against the spi's default, which
 * steps with {@code next()}: for every kind of iterator the engine hands out (head only, block only
 * with packed and XOR chunks, head after blocks, head overlapping blocks through out-of-order
 * samples), with staleness markers, start timestamps, histograms between floats, empty ranges and
 * range ends on sample timestamps, both must fill identical arrays and stop on the same sample.
 */
@ExtendWith(Seeded.class)
class FloatBatchReadTest {

    static final long RANGE = 60_000;
    static final long T0 = 1_699_999_980_000L; // aligned to the minute

    @TempDir
    Path dir;

    final AtomicLong clock = new AtomicLong(T0);

    LuceneWorkspaceStorage open(StorageOptions options) throws IOException {
        LuceneStorageEngine engine = new LuceneStorageEngine(new HeadOptions(0, RANGE, 16, WalOptions.defaults()),
                new BlockOptions(RANGE, 3_600_000), new LocalDiskChunkBackend(), clock::get);
        return (LuceneWorkspaceStorage) engine.open("ws", dir, options);
    }

    /** The spi's default batch read over an iterator that overrides it. */
    private record Stepping(SampleIterator in) implements SampleIterator {
        @Override
        public ValueType next() {
            return in.next();
        }

        @Override
        public ValueType seek(long t) {
            return in.seek(t);
        }

        @Override
        public long timestamp() {
            return in.timestamp();
        }

        @Override
        public double value() {
            return in.value();
        }

        @Override
        public FloatHistogram histogram() {
            return in.histogram();
        }

        @Override
        public long startTimestamp() {
            return in.startTimestamp();
        }

        @Override
        public RuntimeException err() {
            return in.err();
        }
    }

    private static final List<Labels> SERIES = List.of(
            Labels.of("__name__", "plain", "i", "0"),
            Labels.of("__name__", "plain", "i", "1"),
            Labels.of("__name__", "stale", "i", "0"),
            Labels.of("__name__", "started_total", "i", "0"),
            Labels.of("__name__", "mixed", "i", "0"));

    /**
     * Appends every {@code step} ms in {@code [from, to)}: plain floats, floats with staleness
     * markers, counters with start timestamps, and a series that turns histogram now and then;
     * with {@code outOfOrder}, also samples up to {@code back} ms behind.
     */
    static void append(LuceneWorkspaceStorage s, long from, long to, long step, Random rnd, long back) throws IOException {
        for (long t = from; t < to; t += step) {
            Appender a = s.appender();
            for (Labels l : SERIES) {
                if (rnd.nextInt(8) == 0) {
                    continue;
                }
                long ts = back > 0 && rnd.nextInt(4) == 0 ? t - 1 - rnd.nextLong(back) : t + rnd.nextInt((int) step / 2);
                switch (l.get("__name__")) {
                    case "stale" -> a.append(l, ts, rnd.nextInt(6) == 0 ? StaleMarker.VALUE : rnd.nextInt(100));
                    case "started_total" -> a.append(l, ts, ts - T0, rnd.nextInt(3) == 0 ? 0 : T0 + rnd.nextInt(1000));
                    case "mixed" -> {
                        if ((ts / (7 * step)) % 3 == 0) {
                            a.appendHistogram(l, ts, new FloatHistogram(FloatHistogram.CounterResetHint.UNKNOWN, 0, 1e-128,
                                    1, 3, 1.5, List.of(new FloatHistogram.Span(0, 2)), new double[] {1, 1}, List.of(),
                                    new double[0]), 0);
                        } else {
                            a.append(l, ts, rnd.nextDouble());
                        }
                    }
                    default -> a.append(l, ts, Math.round(rnd.nextDouble() * 1000) / 10.0);
                }
            }
            a.commit(); // out-of-order samples outside the window, or clashing, are refused: fine here
        }
    }

    /**
     * Reads every series of {@code [lo, hi]} twice, by the storage's batch read and the default, in
     * random runs (limits on sample timestamps, past the range, before the current sample), and
     * compares buffers and stopping samples; returns the floats read.
     */
    static long assertSameReads(LuceneWorkspaceStorage s, long lo, long hi, Random rnd) {
        long floats = 0;
        try (Querier q1 = s.querier(lo, hi); Querier q2 = s.querier(lo, hi)) {
            SeriesSet fast = q1.select(lo, hi, List.of());
            SeriesSet slow = q2.select(lo, hi, List.of());
            FloatSampleBuffer a = new FloatSampleBuffer(1 + rnd.nextInt(8));
            FloatSampleBuffer b = new FloatSampleBuffer(1 + rnd.nextInt(8));
            while (fast.next()) {
                assertTrue(slow.next());
                assertEquals(slow.at().labels(), fast.at().labels());
                SampleIterator x = fast.at().iterator(null);
                SampleIterator y = new Stepping(slow.at().iterator(null));
                List<Long> seen = new ArrayList<>();
                long from = rnd.nextBoolean() ? lo : lo + rnd.nextLong(Math.max(1, hi - lo + 1));
                ValueType tx = x.seek(from);
                ValueType ty = y.seek(from);
                String where = fast.at().labels() + " over [" + lo + ", " + hi + "] from " + from;
                for (int op = 0; op < 200; op++) {
                    assertEquals(ty, tx, where);
                    if (tx == ValueType.NONE) {
                        break;
                    }
                    assertEquals(y.timestamp(), x.timestamp(), where);
                    seen.add(x.timestamp());
                    if (tx == ValueType.FLOAT) {
                        assertEquals(Double.doubleToRawLongBits(y.value()), Double.doubleToRawLongBits(x.value()), where);
                        assertEquals(y.startTimestamp(), x.startTimestamp(), where);
                    } else {
                        assertEquals(y.histogram(), x.histogram(), where);
                    }
                    if (rnd.nextInt(5) == 0) {
                        tx = x.next();
                        ty = y.next();
                        continue;
                    }
                    long maxT = switch (rnd.nextInt(5)) {
                        case 0 -> Long.MAX_VALUE;
                        case 1 -> hi;
                        case 2 -> seen.get(rnd.nextInt(seen.size())); // at or before the current sample
                        case 3 -> x.timestamp() + rnd.nextLong(4 * RANGE); // often exactly a sample's
                        default -> x.timestamp() + 15_000 * rnd.nextInt(1, 40);
                    };
                    if (rnd.nextInt(3) == 0) {
                        a.clear();
                        b.clear();
                    }
                    tx = x.nextFloats(maxT, a);
                    ty = y.nextFloats(maxT, b);
                    assertSameBuffer(b, a, where + " up to " + maxT);
                    floats += a.size();
                }
                assertNull(x.err());
            }
            assertEquals(false, slow.next());
        }
        return floats;
    }

    static void assertSameBuffer(FloatSampleBuffer expected, FloatSampleBuffer actual, String where) {
        int n = expected.size();
        assertEquals(n, actual.size(), where);
        assertArrayEquals(Arrays.copyOf(expected.timestamps(), n), Arrays.copyOf(actual.timestamps(), n), where);
        long[] ev = new long[n];
        long[] av = new long[n];
        for (int i = 0; i < n; i++) {
            ev[i] = Double.doubleToRawLongBits(expected.values()[i]);
            av[i] = Double.doubleToRawLongBits(actual.values()[i]);
        }
        assertArrayEquals(ev, av, where);
        assertEquals(expected.startTimestamps() == null, actual.startTimestamps() == null, where);
        if (expected.startTimestamps() != null) {
            assertArrayEquals(Arrays.copyOf(expected.startTimestamps(), n), Arrays.copyOf(actual.startTimestamps(), n), where);
        }
    }

    static void assertRandomRanges(LuceneWorkspaceStorage s, long from, long to, Random rnd) {
        long floats = assertSameReads(s, Long.MIN_VALUE, Long.MAX_VALUE, rnd);
        assertTrue(floats > 0, "something was read");
        assertSameReads(s, to + RANGE, to + 2 * RANGE, rnd); // empty
        assertSameReads(s, from + 1, from, rnd); // empty: ends reversed
        for (int k = 0; k < 20; k++) {
            long lo = from + rnd.nextLong(to - from);
            // range ends on scrape times, where samples often are exactly
            if (rnd.nextBoolean()) {
                lo -= lo % 15_000;
            }
            long hi = lo + rnd.nextLong(3 * RANGE);
            if (rnd.nextBoolean()) {
                hi -= hi % 15_000;
            }
            assertSameReads(s, lo, hi, rnd);
        }
    }

    @Test
    void headOnly(Random rnd) throws IOException {
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            append(s, T0, T0 + RANGE, 15_000 / 4, rnd, 0);
            assertTrue(s.blocks().isEmpty());
            assertRandomRanges(s, T0, T0 + RANGE, rnd);
        }
    }

    @Test
    void headWithOutOfOrderSamples(Random rnd) throws IOException {
        try (LuceneWorkspaceStorage s = open(new StorageOptions(RANGE / 2))) {
            append(s, T0, T0 + RANGE, 1_000, rnd, 20_000);
            assertRandomRanges(s, T0, T0 + RANGE, rnd);
        }
    }

    @Test
    void blocksOnlyWithPackedAndXorChunks(Random rnd) throws IOException {
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            append(s, T0, T0 + 5 * RANGE, 1_000, rnd, 0);
            s.flush();
            assertEquals(0, s.stats().headSamples());
            assertRandomRanges(s, T0, T0 + 5 * RANGE, rnd);
        }
    }

    @Test
    void headAfterBlocks(Random rnd) throws IOException {
        try (LuceneWorkspaceStorage s = open(StorageOptions.defaults())) {
            append(s, T0, T0 + 6 * RANGE, 2_000, rnd, 0);
            s.maintain();
            assertTrue(!s.blocks().isEmpty() && s.stats().headSamples() > 0);
            assertRandomRanges(s, T0, T0 + 6 * RANGE, rnd);
        }
    }

    @Test
    void headOverlappingBlocks(Random rnd) throws IOException {
        try (LuceneWorkspaceStorage s = open(new StorageOptions(10 * RANGE))) {
            append(s, T0, T0 + 4 * RANGE, 2_000, rnd, 0);
            s.flush();
            // out-of-order samples land in the head, inside the blocks' ranges
            append(s, T0 + 4 * RANGE, T0 + 5 * RANGE, 2_000, rnd, 3 * RANGE);
            assertTrue(!s.blocks().isEmpty() && s.stats().headSamples() > 0);
            assertRandomRanges(s, T0, T0 + 5 * RANGE, rnd);
        }
    }
}
