package io.hearth.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.storage.testing.Seeded;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Integer histogram chunks checked against a plain list of histogram copies. */
@ExtendWith(Seeded.class)
class IntHistogramChunkTest {

    static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    record Sample(long t, IntHistogram h) {}

    /** A random layout with zero counts, ready to be filled. */
    static IntHistogram randomLayout(Random r, CounterResetHint hint) {
        if (r.nextInt(4) == 0) {
            return randomCustomLayout(r, hint);
        }
        IntHistogram h = new IntHistogram().reset(hint, r.nextInt(13) - 4,
                r.nextBoolean() ? 0 : Math.scalb(1.0, -r.nextInt(200)), 0, 0, 0);
        for (IntHistogram.Buckets side : new IntHistogram.Buckets[] {h.positive(), h.negative()}) {
            int spans = r.nextInt(r.nextBoolean() ? 2 : 6);
            for (int s = 0; s < spans; s++) {
                int len = r.nextInt(6);
                side.addSpan(s == 0 ? r.nextInt(41) - 20 : r.nextInt(5), len);
                for (int i = 0; i < len; i++) {
                    side.addCount(0);
                }
            }
        }
        return h;
    }

    /** Custom buckets (NHCB): increasing bounds, positive spans within the +Inf bucket, no zero bucket. */
    static IntHistogram randomCustomLayout(Random r, CounterResetHint hint) {
        IntHistogram h = new IntHistogram().reset(hint, IntHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 0, 0);
        int bounds = r.nextInt(8);
        for (int i = 0; i < bounds; i++) {
            h.addCustomValue(0.25 * (i + 1) * (i + 1));
        }
        int next = 0;
        while (next <= bounds && r.nextInt(3) > 0) {
            int offset = r.nextInt(2);
            int len = Math.min(1 + r.nextInt(3), bounds + 1 - next - offset);
            if (len <= 0) {
                break;
            }
            h.positive().addSpan(offset, len);
            for (int i = 0; i < len; i++) {
                h.positive().addCount(0);
            }
            next += offset + len;
        }
        return h.validate();
    }

    /** The next sample of a series: counters grow, gauges wander, the sum does either. */
    static IntHistogram step(Random r, IntHistogram prev, boolean gauge, boolean first) {
        IntHistogram h = new IntHistogram().copyFrom(prev);
        h.counterResetHint(gauge ? CounterResetHint.GAUGE
                : first ? prev.counterResetHint() : CounterResetHint.NOT_COUNTER_RESET);
        long observed = 0;
        for (IntHistogram.Buckets side : new IntHistogram.Buckets[] {h.positive(), h.negative()}) {
            for (int i = 0; i < side.bucketCount(); i++) {
                long c = side.count(i);
                long inc = r.nextInt(3) == 0 ? 0 : r.nextInt(r.nextInt(10) == 0 ? 100_000 : 20);
                c = gauge ? Math.max(0, c + inc - r.nextInt(20)) : c + inc;
                side.setCount(i, c);
                observed += c;
            }
        }
        long zero = h.schema() == IntHistogram.CUSTOM_BUCKETS_SCHEMA ? 0
                : gauge ? Math.max(0, h.zeroCount() + r.nextInt(10) - 5) : h.zeroCount() + r.nextInt(5);
        long nanObservations = r.nextInt(20) == 0 ? 1 : 0;
        long count = zero + observed + (gauge ? nanObservations : Math.max(nanObservations,
                prev.count() - prev.zeroCount() - total(prev)) + nanObservations);
        long sumBits = switch (r.nextInt(10)) {
            case 0 -> STALE_NAN_BITS;
            case 1 -> Double.doubleToRawLongBits(Double.NaN);
            case 2 -> prev.sumBits();
            default -> Double.doubleToRawLongBits(prev.sum() + r.nextGaussian() * 10);
        };
        h.setScalars(h.schema(), h.zeroThreshold(), zero, count, sumBits);
        return h.validate();
    }

    static long total(IntHistogram h) {
        long t = 0;
        for (int i = 0; i < h.positive().bucketCount(); i++) {
            t += h.positive().count(i);
        }
        for (int i = 0; i < h.negative().bucketCount(); i++) {
            t += h.negative().count(i);
        }
        return t;
    }

    static List<Sample> randomSeries(Random r, int n, CounterResetHint hint) {
        boolean gauge = hint == CounterResetHint.GAUGE;
        List<Sample> out = new ArrayList<>();
        IntHistogram h = randomLayout(r, hint);
        long t = r.nextLong(1L << 42);
        long interval = 1 + r.nextInt(60_000);
        for (int i = 0; i < n; i++) {
            t += i == 0 ? 0 : (r.nextInt(5) == 0 ? 1 + r.nextInt(1_000_000) : interval);
            h = step(r, h, gauge, i == 0);
            out.add(new Sample(t, h));
        }
        return out;
    }

    static IntHistogramChunk chunkOf(List<Sample> samples) {
        IntHistogramChunk c = new IntHistogramChunk();
        ChunkAppender a = c.appender();
        for (Sample s : samples) {
            assertEquals(HistogramAppendResult.APPENDED, a.appendHistogram(s.t(), s.h()));
        }
        return c;
    }

    static void assertSameSamples(List<Sample> expected, ChunkIterator it) {
        IntHistogram got = new IntHistogram();
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(it.next(), "sample " + i + " missing, err=" + it.err());
            assertEquals(expected.get(i).t(), it.atT(), "t of sample " + i);
            assertSame(got, it.atHistogram(got));
            assertTrue(expected.get(i).h().contentEquals(got),
                    "sample " + i + "\n expected " + expected.get(i).h() + "\n got      " + got);
        }
        assertFalse(it.next());
        assertNull(it.err());
    }

    static CounterResetHint randomHint(Random r) {
        return CounterResetHint.values()[r.nextInt(CounterResetHint.values().length)];
    }

    @Test
    void randomSeriesRoundTrip(Random r) {
        ChunkIterator reuse = null;
        for (int round = 0; round < 200; round++) {
            List<Sample> samples = randomSeries(r, r.nextInt(r.nextBoolean() ? 3 : 150), randomHint(r));
            IntHistogramChunk c = chunkOf(samples);
            assertEquals(samples.size(), c.numSamples());
            ChunkIterator it = c.iterator(reuse);
            assertSameSamples(samples, it);
            reuse = it;
            byte[] bytes = c.bytes();
            assertSameSamples(samples, Encoding.of(Encoding.HISTOGRAM.id()).wrap(bytes).iterator(reuse));
            if (!samples.isEmpty()) {
                assertEquals(samples.get(0).h().counterResetHint(), c.counterResetHint());
            }
        }
    }

    @Test
    void aLayoutChangeIsRefusedAndLeavesTheChunkAlone(Random r) {
        for (int round = 0; round < 100; round++) {
            CounterResetHint hint = r.nextBoolean() ? CounterResetHint.GAUGE : CounterResetHint.UNKNOWN;
            List<Sample> samples = randomSeries(r, 1 + r.nextInt(20), hint);
            IntHistogramChunk c = chunkOf(samples);
            ChunkAppender a = c.appender();
            byte[] before = c.bytes();
            Sample last = samples.get(samples.size() - 1);
            IntHistogram other = new IntHistogram().copyFrom(last.h());
            boolean custom = other.schema() == IntHistogram.CUSTOM_BUCKETS_SCHEMA;
            switch (r.nextInt(4)) {
                case 0, 1, 2 -> {
                    if (custom) {
                        other.addCustomValue(1e9); // one more bound is other buckets
                    } else {
                        changeExponentialLayout(r.nextInt(3), other);
                    }
                }
                default -> other.counterResetHint(hint == CounterResetHint.GAUGE
                        ? CounterResetHint.UNKNOWN : CounterResetHint.GAUGE);
            }
            assertEquals(HistogramAppendResult.LAYOUT_CHANGED, a.appendHistogram(last.t() + 1, other.validate()));
            assertArrayEquals(before, c.bytes());
            // The appender is still usable for a sample that fits.
            Sample next = new Sample(last.t() + 2, step(r, last.h(), hint == CounterResetHint.GAUGE, false));
            assertEquals(HistogramAppendResult.APPENDED, a.appendHistogram(next.t(), next.h()));
            List<Sample> all = new ArrayList<>(samples);
            all.add(next);
            assertSameSamples(all, c.iterator(null));
        }
    }

    private static void changeExponentialLayout(int how, IntHistogram other) {
        switch (how) {
            case 0 -> other.setScalars(other.schema() == 8 ? 7 : other.schema() + 1, other.zeroThreshold(),
                    other.zeroCount(), other.count(), other.sumBits());
            case 1 -> other.setScalars(other.schema(), other.zeroThreshold() + 1, other.zeroCount(),
                    other.count(), other.sumBits());
            default -> other.positive().addSpan(3, 1).addCount(0);
        }
    }

    @Test
    void aCounterResetIsRefusedAndStartsTheNextChunk(Random r) {
        List<Sample> samples = randomSeries(r, 10, CounterResetHint.UNKNOWN);
        Sample last = samples.get(samples.size() - 1);
        IntHistogramChunk c = chunkOf(samples);
        IntHistogram reset = new IntHistogram().copyFrom(last.h());
        reset.setScalars(reset.schema(), reset.zeroThreshold(), 0, 0, reset.sumBits());
        for (int i = 0; i < reset.positive().bucketCount(); i++) {
            reset.positive().setCount(i, 0);
        }
        for (int i = 0; i < reset.negative().bucketCount(); i++) {
            reset.negative().setCount(i, 0);
        }
        boolean anythingWentDown = last.h().count() > 0;
        if (anythingWentDown) {
            assertEquals(HistogramAppendResult.COUNTER_RESET, c.appender().appendHistogram(last.t() + 1, reset));
        }
        reset.counterResetHint(CounterResetHint.COUNTER_RESET);
        assertEquals(HistogramAppendResult.COUNTER_RESET, c.appender().appendHistogram(last.t() + 1, reset),
                "an explicit reset hint also needs a new chunk");
        assertEquals(samples.size(), c.numSamples());

        IntHistogramChunk next = new IntHistogramChunk();
        ChunkAppender a = next.appender();
        assertEquals(HistogramAppendResult.APPENDED, a.appendHistogram(last.t() + 1, reset));
        IntHistogram after = step(r, reset, false, false);
        assertEquals(HistogramAppendResult.APPENDED, a.appendHistogram(last.t() + 2, after));
        assertEquals(CounterResetHint.COUNTER_RESET, next.counterResetHint());
        ChunkIterator it = next.iterator(null);
        IntHistogram got = new IntHistogram();
        assertTrue(it.next());
        assertEquals(CounterResetHint.COUNTER_RESET, it.atHistogram(got).counterResetHint());
        assertTrue(it.next());
        assertEquals(CounterResetHint.NOT_COUNTER_RESET, it.atHistogram(got).counterResetHint());
    }

    @Test
    void appenderResumesAStoredChunk(Random r) {
        for (int round = 0; round < 100; round++) {
            List<Sample> samples = randomSeries(r, 2 + r.nextInt(100), randomHint(r));
            int split = 1 + r.nextInt(samples.size());
            IntHistogramChunk resumed = IntHistogramChunk.wrap(chunkOf(samples.subList(0, split)).bytes());
            ChunkAppender a = resumed.appender();
            for (Sample s : samples.subList(split, samples.size())) {
                assertEquals(HistogramAppendResult.APPENDED, a.appendHistogram(s.t(), s.h()));
            }
            assertSameSamples(samples, resumed.iterator(null));
            assertArrayEquals(chunkOf(samples).bytes(), resumed.bytes());
        }
    }

    @Test
    void seekAndTruncation(Random r) {
        for (int round = 0; round < 100; round++) {
            List<Sample> samples = randomSeries(r, 1 + r.nextInt(60), CounterResetHint.UNKNOWN);
            IntHistogramChunk c = chunkOf(samples);
            int target = r.nextInt(samples.size());
            ChunkIterator it = c.iterator(null);
            // Either its own timestamp or the first millisecond after the sample before it (samples
            // may be 1 ms apart, so "t - 1" could be that earlier sample's own time).
            long at = samples.get(target).t();
            long from = r.nextBoolean() ? at : target == 0 ? at - 1 : samples.get(target - 1).t() + 1;
            assertTrue(it.seek(from));
            assertEquals(samples.get(target).t(), it.atT());
            assertTrue(samples.get(target).h().contentEquals(it.atHistogram(new IntHistogram()).counterResetHint(
                    samples.get(target).h().counterResetHint())));
            assertFalse(it.seek(samples.get(samples.size() - 1).t() + 1));
            assertFalse(it.seek(Long.MIN_VALUE), "exhausted stays exhausted");

            byte[] bytes = c.bytes();
            byte[] cut = Arrays.copyOf(bytes, 3 + r.nextInt(bytes.length - 3));
            IntHistogramChunk.HistogramIterator broken = new IntHistogramChunk.HistogramIterator().reset(cut, 0, cut.length);
            int n = 0;
            IntHistogram got = new IntHistogram();
            while (broken.next()) {
                assertTrue(samples.get(n).h().contentEquals(broken.atHistogram(got)), "prefix sample " + n);
                n++;
            }
            assertNotNull(broken.err());
            assertFalse(broken.next());
        }
    }

    @Test
    void wrongAccessorsAndInvalidHistogramsAreRejected() {
        IntHistogramChunk c = new IntHistogramChunk();
        ChunkAppender a = c.appender();
        assertThrows(UnsupportedOperationException.class, () -> a.append(1, 1.0));
        IntHistogram bad = new IntHistogram().reset(CounterResetHint.UNKNOWN, 0, 0, 0, 1, 0);
        bad.positive().addSpan(0, 2).addCount(1);
        assertThrows(IllegalArgumentException.class, () -> a.appendHistogram(1, bad), "spans cover 2, 1 count");
        IntHistogram tooMany = new IntHistogram().reset(CounterResetHint.UNKNOWN, 0, 0, 0, 1, 0);
        tooMany.positive().addSpan(0, 1).addCount(5);
        assertThrows(IllegalArgumentException.class, () -> a.appendHistogram(1, tooMany), "count below buckets");
        IntHistogram badSchema = new IntHistogram().reset(CounterResetHint.UNKNOWN, 9, 0, 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> a.appendHistogram(1, badSchema));
        assertEquals(0, c.numSamples());

        XorChunk x = new XorChunk();
        x.appender().append(1, 1);
        ChunkIterator xi = x.iterator(null);
        assertTrue(xi.next());
        assertThrows(UnsupportedOperationException.class, () -> xi.atHistogram(new IntHistogram()));
        assertThrows(UnsupportedOperationException.class,
                () -> x.appender().appendHistogram(2, new IntHistogram()));
        assertEquals(Encoding.ValueType.HISTOGRAM, c.encoding().valueType());
    }

    @Test
    void steadyHistogramCompressesWell(Random r) {
        // 10 positive buckets growing at steady rates, scraped every 15 s.
        IntHistogram h = new IntHistogram().reset(CounterResetHint.UNKNOWN, 3, 0, 0, 0, 0);
        h.positive().addSpan(-5, 10);
        long[] rate = new long[10];
        for (int i = 0; i < 10; i++) {
            h.positive().addCount(0);
            rate[i] = r.nextInt(50);
        }
        IntHistogramChunk c = new IntHistogramChunk();
        ChunkAppender a = c.appender();
        long t = 1_700_000_000_000L;
        for (int s = 0; s < IntHistogramChunk.TARGET_SAMPLES; s++) {
            long total = 0;
            for (int i = 0; i < 10; i++) {
                h.positive().setCount(i, h.positive().count(i) + rate[i] + (r.nextInt(4) == 0 ? 1 : 0));
                total += h.positive().count(i);
            }
            h.setScalars(3, 0, 0, total, Double.doubleToRawLongBits(h.sum() + total * 0.25));
            assertEquals(HistogramAppendResult.APPENDED, a.appendHistogram(t += 15_000, h));
        }
        double perSample = (double) c.sizeBytes() / c.numSamples();
        assertTrue(perSample < 12, "bytes per 10-bucket histogram sample: " + perSample);
    }
}
