package io.hearth.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.storage.testing.Seeded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Float histogram chunks checked bit for bit against a plain list of histogram copies. */
@ExtendWith(Seeded.class)
class FloatHistogramChunkTest {

    static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    record Sample(long t, FloatHistogram h) {}

    static FloatHistogram randomLayout(Random r, CounterResetHint hint) {
        if (r.nextInt(4) == 0) {
            return randomCustomLayout(r, hint);
        }
        FloatHistogram h = new FloatHistogram().reset(hint, r.nextInt(13) - 4,
                r.nextBoolean() ? 0 : Math.scalb(1.0, -r.nextInt(200)), 0, 0, 0);
        for (FloatHistogram.Buckets side : new FloatHistogram.Buckets[] {h.positive(), h.negative()}) {
            for (int s = r.nextInt(r.nextBoolean() ? 2 : 6); s > 0; s--) {
                int len = r.nextInt(6);
                side.addSpan(side.spanCount() == 0 ? r.nextInt(41) - 20 : r.nextInt(5), len);
                for (int i = 0; i < len; i++) {
                    side.addCount(0);
                }
            }
        }
        return h;
    }

    /** Custom buckets (NHCB): increasing bounds, positive spans within the +Inf bucket, no zero bucket. */
    static FloatHistogram randomCustomLayout(Random r, CounterResetHint hint) {
        FloatHistogram h = new FloatHistogram().reset(hint, IntHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 0, 0);
        int bounds = r.nextInt(8);
        double b = r.nextInt(20) - 10;
        for (int i = 0; i < bounds; i++) {
            h.addCustomValue(b);
            b += r.nextBoolean() ? 1 + r.nextInt(10) : r.nextDouble() + 1e-9;
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

    /** The next sample: counters grow (by whole, fractional or no amounts), gauges wander. */
    static FloatHistogram step(Random r, FloatHistogram prev, boolean gauge, boolean first) {
        FloatHistogram h = new FloatHistogram().copyFrom(prev);
        h.counterResetHint(gauge ? CounterResetHint.GAUGE
                : first ? prev.counterResetHint() : CounterResetHint.NOT_COUNTER_RESET);
        double total = 0;
        for (FloatHistogram.Buckets side : new FloatHistogram.Buckets[] {h.positive(), h.negative()}) {
            for (int i = 0; i < side.bucketCount(); i++) {
                double inc = switch (r.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> r.nextInt(20);
                    case 2 -> r.nextDouble() * 3;
                    default -> 0.1 * r.nextInt(10);
                };
                double c = gauge ? Math.max(0, side.count(i) + inc - r.nextInt(3)) : side.count(i) + inc;
                side.setCountBits(i, Double.doubleToRawLongBits(c));
                total += c;
            }
        }
        double zero = prev.schema() == IntHistogram.CUSTOM_BUCKETS_SCHEMA ? 0
                : gauge ? r.nextInt(5) : prev.zeroCount() + r.nextInt(3) * 0.5;
        double count = Math.max(prev.count(), zero + total);
        long sumBits = switch (r.nextInt(8)) {
            case 0 -> STALE_NAN_BITS;
            case 1 -> Double.doubleToRawLongBits(Double.NaN);
            case 2 -> prev.sumBits();
            case 3 -> Double.doubleToRawLongBits(-0.0);
            default -> Double.doubleToRawLongBits(prev.sum() + r.nextGaussian());
        };
        h.setScalarBits(h.schema(), h.zeroThreshold(), Double.doubleToRawLongBits(zero),
                Double.doubleToRawLongBits(count), sumBits);
        return h.validate();
    }

    static List<Sample> randomSeries(Random r, int n, CounterResetHint hint) {
        List<Sample> out = new ArrayList<>();
        FloatHistogram h = randomLayout(r, hint);
        long t = r.nextLong(1L << 42);
        for (int i = 0; i < n; i++) {
            t += i == 0 ? 0 : 1 + (r.nextBoolean() ? 15_000 : r.nextInt(1_000_000));
            h = step(r, h, hint == CounterResetHint.GAUGE, i == 0);
            out.add(new Sample(t, h));
        }
        return out;
    }

    static FloatHistogramChunk chunkOf(List<Sample> samples) {
        FloatHistogramChunk c = new FloatHistogramChunk();
        ChunkAppender a = c.appender();
        for (Sample s : samples) {
            assertEquals(HistogramAppendResult.APPENDED, a.appendFloatHistogram(s.t(), s.h()));
        }
        return c;
    }

    static void assertSameSamples(List<Sample> expected, ChunkIterator it) {
        FloatHistogram got = new FloatHistogram();
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(it.next(), "sample " + i + " missing, err=" + it.err());
            assertEquals(expected.get(i).t(), it.atT());
            it.atFloatHistogram(got);
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
    void randomSeriesRoundTripBitForBit(Random r) {
        ChunkIterator reuse = null;
        for (int round = 0; round < 200; round++) {
            List<Sample> samples = randomSeries(r, r.nextInt(r.nextBoolean() ? 3 : 150), randomHint(r));
            FloatHistogramChunk c = chunkOf(samples);
            ChunkIterator it = c.iterator(reuse);
            assertSameSamples(samples, it);
            reuse = it;
            assertSameSamples(samples, Encoding.of(Encoding.FLOAT_HISTOGRAM.id()).wrap(c.bytes()).iterator(reuse));
        }
    }

    @Test
    void layoutChangesAndCounterResetsAreRefused(Random r) {
        List<Sample> samples = randomSeries(r, 5, CounterResetHint.UNKNOWN);
        FloatHistogramChunk c = chunkOf(samples);
        byte[] before = c.bytes();
        Sample last = samples.get(samples.size() - 1);
        ChunkAppender a = c.appender();

        FloatHistogram moved = new FloatHistogram().copyFrom(last.h());
        if (moved.schema() == IntHistogram.CUSTOM_BUCKETS_SCHEMA) {
            moved.addCustomValue(1e12); // another bound: other buckets
        } else {
            moved.positive().addSpan(7, 1).addCount(1);
        }
        assertEquals(HistogramAppendResult.LAYOUT_CHANGED, a.appendFloatHistogram(last.t() + 1, moved.validate()));

        FloatHistogram gauge = new FloatHistogram().copyFrom(last.h()).counterResetHint(CounterResetHint.GAUGE);
        assertEquals(HistogramAppendResult.LAYOUT_CHANGED, a.appendFloatHistogram(last.t() + 1, gauge));

        FloatHistogram reset = new FloatHistogram().copyFrom(last.h());
        reset.setScalarBits(reset.schema(), reset.zeroThreshold(), reset.zeroCountBits(),
                Double.doubleToRawLongBits(Math.max(0, last.h().count() - 0.5)), reset.sumBits()); // never a negative count
        if (last.h().count() >= 0.5) {
            assertEquals(HistogramAppendResult.COUNTER_RESET, a.appendFloatHistogram(last.t() + 1, reset));
        }
        reset.counterResetHint(CounterResetHint.COUNTER_RESET);
        assertEquals(HistogramAppendResult.COUNTER_RESET, a.appendFloatHistogram(last.t() + 1, reset));
        assertArrayEquals(before, c.bytes());
        assertSameSamples(samples, c.iterator(null));
    }

    @Test
    void customBucketsWithOtherBoundsAreALayoutChange(Random r) {
        FloatHistogram first = new FloatHistogram().reset(CounterResetHint.UNKNOWN, IntHistogram.CUSTOM_BUCKETS_SCHEMA,
                0, 0, 3, 1.5).addCustomValue(0.5).addCustomValue(1);
        first.positive().addSpan(0, 3).addCount(1).addCount(1).addCount(1);
        FloatHistogramChunk c = new FloatHistogramChunk();
        ChunkAppender a = c.appender();
        assertEquals(HistogramAppendResult.APPENDED, a.appendFloatHistogram(1000, first.validate()));
        FloatHistogram same = new FloatHistogram().copyFrom(first).counterResetHint(CounterResetHint.NOT_COUNTER_RESET);
        assertEquals(HistogramAppendResult.APPENDED, a.appendFloatHistogram(2000, same));
        FloatHistogram otherBounds = new FloatHistogram().reset(CounterResetHint.UNKNOWN,
                IntHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 3, 1.5).addCustomValue(0.5).addCustomValue(2);
        otherBounds.positive().addSpan(0, 3).addCount(1).addCount(1).addCount(1);
        assertEquals(HistogramAppendResult.LAYOUT_CHANGED, a.appendFloatHistogram(3000, otherBounds.validate()));
        // the bounds are in the stored bytes: a wrapped copy reads them back
        ChunkIterator it = FloatHistogramChunk.wrap(c.bytes()).iterator(null);
        assertTrue(it.next());
        FloatHistogram got = it.atFloatHistogram(new FloatHistogram());
        assertEquals(2, got.customValueCount());
        assertEquals(1.0, got.customValue(1));
        assertTrue(first.contentEquals(got));
        // and an exponential histogram neither carries bounds nor shares a chunk with custom buckets
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram().reset(CounterResetHint.UNKNOWN, 0, 0,
                0, 0, 0).addCustomValue(1).validate());
        assertThrows(IllegalArgumentException.class, () -> new FloatHistogram().reset(CounterResetHint.UNKNOWN,
                IntHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 0, 0).addCustomValue(2).addCustomValue(1).validate());
    }

    @Test
    void appenderResumesAStoredChunk(Random r) {
        for (int round = 0; round < 100; round++) {
            List<Sample> samples = randomSeries(r, 2 + r.nextInt(80), randomHint(r));
            int split = 1 + r.nextInt(samples.size());
            FloatHistogramChunk resumed = FloatHistogramChunk.wrap(chunkOf(samples.subList(0, split)).bytes());
            ChunkAppender a = resumed.appender();
            for (Sample s : samples.subList(split, samples.size())) {
                assertEquals(HistogramAppendResult.APPENDED, a.appendFloatHistogram(s.t(), s.h()));
            }
            assertSameSamples(samples, resumed.iterator(null));
            assertArrayEquals(chunkOf(samples).bytes(), resumed.bytes());
        }
    }

    @Test
    void otherEncodingsRefuseFloatHistograms() {
        assertThrows(UnsupportedOperationException.class,
                () -> new XorChunk().appender().appendFloatHistogram(1, new FloatHistogram()));
        assertThrows(UnsupportedOperationException.class,
                () -> new IntHistogramChunk().appender().appendFloatHistogram(1, new FloatHistogram()));
        assertThrows(UnsupportedOperationException.class,
                () -> new FloatHistogramChunk().appender().appendHistogram(1, new IntHistogram()));
        assertThrows(UnsupportedOperationException.class, () -> new FloatHistogramChunk().appender().append(1, 1));
        assertEquals(Encoding.ValueType.FLOAT_HISTOGRAM, Encoding.FLOAT_HISTOGRAM.valueType());
    }
}

class FloatHistogramChunkContractTest extends ChunkContractTest {

    @Override
    Chunk newChunk() {
        return new FloatHistogramChunk();
    }

    @Override
    Object appendRandom(ChunkAppender a, long t, Random r, Object previous) {
        FloatHistogram h = previous == null
                ? FloatHistogramChunkTest.randomLayout(r, CounterResetHint.UNKNOWN)
                : (FloatHistogram) previous;
        FloatHistogram next = FloatHistogramChunkTest.step(r, h, false, previous == null);
        assertEquals(HistogramAppendResult.APPENDED, a.appendFloatHistogram(t, next));
        return next;
    }

    @Override
    boolean matches(ChunkIterator it, Object expected) {
        return ((FloatHistogram) expected).contentEquals(it.atFloatHistogram(new FloatHistogram()));
    }

    private final FloatHistogram fixed = new FloatHistogram().reset(CounterResetHint.GAUGE, 0, 0, 1, 3, 2.5);

    {
        fixed.positive().addSpan(0, 2).addCount(1).addCount(1.5);
    }

    @Override
    void appendAny(ChunkAppender a, long t) {
        a.appendFloatHistogram(t, fixed);
    }
}
