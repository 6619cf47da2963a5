package io.hearth.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.storage.testing.Seeded;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The start-timestamp encodings (XOR_ST, FLOAT_HISTOGRAM_ST) checked against plain arrays. */
@ExtendWith(Seeded.class)
class StartTimestampChunkTest {

    /** Starts in the shapes real series have: none, constant (cumulative), the previous sample's time (delta), any. */
    static long[] randomStarts(Random r, long[] ts) {
        long[] st = new long[ts.length];
        long constant = ts.length > 0 ? ts[0] - r.nextInt(100_000) : 0;
        for (int i = 0; i < ts.length; i++) {
            st[i] = switch (r.nextInt(5)) {
                case 0 -> 0;
                case 1 -> i > 0 ? ts[i - 1] : ts[i] - 1;
                case 2 -> ts[i] - r.nextInt(1 << 20);
                case 3 -> r.nextLong();
                default -> constant;
            };
            if (r.nextInt(10) == 0 && i > 0) {
                st[i] = st[i - 1];
            }
        }
        return st;
    }

    static long[] randomTimes(Random r, int n) {
        long[] ts = new long[n];
        long t = r.nextLong(1L << 42);
        for (int i = 0; i < n; i++) {
            t += 1 + (r.nextBoolean() ? 15_000 : r.nextInt(1_000_000));
            ts[i] = t;
        }
        return ts;
    }

    @Test
    void xorSamplesKeepTheirStarts(Random r) {
        for (int round = 0; round < 200; round++) {
            int n = 1 + r.nextInt(150);
            long[] ts = randomTimes(r, n);
            long[] st = randomStarts(r, ts);
            XorChunk c = new XorChunk(true);
            assertEquals(Encoding.XOR_ST, c.encoding());
            ChunkAppender a = c.appender();
            int split = r.nextInt(n);
            for (int i = 0; i < n; i++) {
                if (i == split) {
                    // resuming a stored chunk recovers the start state too
                    c = (XorChunk) Encoding.XOR_ST.wrap(c.bytes());
                    a = c.appender();
                }
                a.append(ts[i], st[i], i);
            }
            ChunkIterator it = Encoding.of(Encoding.XOR_ST.id()).wrap(c.bytes()).iterator(null);
            for (int i = 0; i < n; i++) {
                assertTrue(it.next(), "sample " + i + ": " + it.err());
                assertEquals(ts[i], it.atT());
                assertEquals(st[i], it.atST(), "start of sample " + i);
                assertEquals(i, it.atV());
            }
            assertFalse(it.next());
            assertNull(it.err());
        }
    }

    @Test
    void aCumulativeCounterPaysOneBitPerSampleForItsStart() {
        XorChunk with = new XorChunk(true);
        XorChunk without = new XorChunk();
        ChunkAppender a = with.appender();
        ChunkAppender b = without.appender();
        for (int i = 0; i < 120; i++) {
            a.append(1_000_000 + i * 15_000L, 999_000, i);
            b.append(1_000_000 + i * 15_000L, i);
        }
        assertTrue(with.sizeBytes() - without.sizeBytes() <= 8 + 120 / 8 + 1,
                with.sizeBytes() + " vs " + without.sizeBytes());
    }

    @Test
    void plainEncodingsRefuseStartsButTakeSamplesWithout() {
        ChunkAppender a = new XorChunk().appender();
        assertThrows(UnsupportedOperationException.class, () -> a.append(1000, 500, 1));
        a.append(1000, 0, 1);
        FloatHistogram h = new FloatHistogram().reset(CounterResetHint.UNKNOWN, 0, 0, 0, 1, 1);
        ChunkAppender f = new FloatHistogramChunk().appender();
        assertThrows(UnsupportedOperationException.class, () -> f.appendFloatHistogram(1000, 500, h.validate()));
        assertEquals(0, new XorChunk().iterator(null).atST());
    }

    @Test
    void floatHistogramsKeepTheirStarts(Random r) {
        for (int round = 0; round < 100; round++) {
            List<FloatHistogramChunkTest.Sample> samples = FloatHistogramChunkTest.randomSeries(r, 1 + r.nextInt(80),
                    CounterResetHint.GAUGE);
            long[] ts = samples.stream().mapToLong(FloatHistogramChunkTest.Sample::t).toArray();
            long[] st = randomStarts(r, ts);
            FloatHistogramChunk c = new FloatHistogramChunk(true);
            assertEquals(Encoding.FLOAT_HISTOGRAM_ST, c.encoding());
            ChunkAppender a = c.appender();
            int split = r.nextInt(samples.size());
            for (int i = 0; i < samples.size(); i++) {
                if (i == split) {
                    c = (FloatHistogramChunk) Encoding.FLOAT_HISTOGRAM_ST.wrap(c.bytes());
                    a = c.appender();
                }
                assertEquals(HistogramAppendResult.APPENDED, a.appendFloatHistogram(ts[i], st[i], samples.get(i).h()));
            }
            ChunkIterator it = Encoding.FLOAT_HISTOGRAM_ST.wrap(c.bytes()).iterator(null);
            long[] got = new long[samples.size()];
            FloatHistogram holder = new FloatHistogram();
            for (int i = 0; i < samples.size(); i++) {
                assertTrue(it.next(), "sample " + i + ": " + it.err());
                got[i] = it.atST();
                assertTrue(samples.get(i).h().contentEquals(it.atFloatHistogram(holder)), "sample " + i);
            }
            assertArrayEquals(st, got);
            assertFalse(it.next());
            assertNull(it.err());
        }
    }
}

/** The chunk contract for XOR chunks with start timestamps: values and starts both survive. */
class XorStChunkContractTest extends ChunkContractTest {

    @Override
    Chunk newChunk() {
        return new XorChunk(true);
    }

    @Override
    Object appendRandom(ChunkAppender a, long t, Random r, Object previous) {
        long bits = Double.doubleToRawLongBits(r.nextInt(1000) * 0.5);
        long st = switch (r.nextInt(3)) {
            case 0 -> 0;
            case 1 -> previous == null ? t - 1 : ((long[]) previous)[1];
            default -> t - r.nextInt(100_000);
        };
        a.append(t, st, Double.longBitsToDouble(bits));
        return new long[] {bits, st};
    }

    @Override
    boolean matches(ChunkIterator it, Object expected) {
        long[] e = (long[]) expected;
        return it.atVBits() == e[0] && it.atST() == e[1];
    }

    @Override
    void appendAny(ChunkAppender a, long t) {
        a.append(t, t - 1, 1.0);
    }
}
