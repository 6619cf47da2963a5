package io.hearth.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.storage.chunk.XorChunkTest.Sample;
import io.hearth.storage.testing.Seeded;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The XOR iterator's batch read ({@link XorChunk.XorIterator#copyUpTo}) against its {@code next()}:
 * on chunks that use every timestamp and value coding, read in random mixes of batch reads (up to
 * sample timestamps, between them, before the current sample, past the end), steps and seeks,
 * from open chunks (spare room after the stream), stored ones (none), regions of a larger buffer,
 * and truncated or corrupt bytes, the same samples must come out bit for bit and the iterator must
 * stop where {@code next()} stops, with the same error.
 */
@ExtendWith(Seeded.class)
class XorBatchReadTest {

    /** Deltas of deltas of every width the timestamp coding has: 0, 7, 14, 20 and 64 bits. */
    private static final long[] DOD = {0, 1, -1, 63, -64, 64, -65, 8191, -8192, 8192, -8193, 524_287, -524_288,
        524_288, -524_289, 1L << 40, -(1L << 40)};

    /**
     * Samples whose timestamps step by the deltas of deltas above and whose values take every XOR
     * branch: unchanged, inside the previous window (narrow and over 55 bits wide), a new window
     * (narrow and over 43 bits), staleness markers and other NaN payloads.
     */
    static List<Sample> everyCoding(Random r, int n) {
        List<Sample> out = new ArrayList<>(n);
        long t = 1_700_000_000_000L + r.nextInt(1000);
        long delta = 15_000;
        long bits = Double.doubleToRawLongBits(r.nextInt(1000));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                long dod = r.nextInt(3) == 0 ? DOD[r.nextInt(DOD.length)] : 0;
                if (delta + dod < 1 || delta + dod > 1L << 42) {
                    dod = -dod;
                }
                delta += dod;
                if (delta < 1) {
                    delta = 1;
                }
                t += delta;
            }
            bits = switch (r.nextInt(11)) {
                case 9, 10 -> bits ^ exactWindow(r);                            // every width at every offset
                case 0 -> bits;                                                  // unchanged
                case 1 -> bits ^ (1L << (20 + r.nextInt(10)));                  // a narrow window
                case 2 -> bits ^ (r.nextLong() >>> 1 | 1L);                     // a wide window (lead 0/1, trail 0)
                case 3 -> bits ^ (r.nextLong() | 1L << 63 | 1L);                // all 64 bits meaningful
                case 4 -> XorChunkTest.STALE_NAN_BITS;
                case 5 -> Double.doubleToRawLongBits(Double.longBitsToDouble(bits) + r.nextInt(100));
                case 6 -> r.nextLong();
                case 7 -> XorChunkTest.special(r);
                default -> bits ^ ((r.nextLong() & ((1L << r.nextInt(1, 64)) - 1)) << r.nextInt(0, 8));
            };
            out.add(new Sample(t, bits));
        }
        return out;
    }

    /** An XOR of exactly {@code sig} meaningful bits (both ends set) after {@code lead} zeros, each drawn evenly. */
    static long exactWindow(Random r) {
        int sig = r.nextInt(1, 65);
        int lead = r.nextInt(0, 65 - sig);
        long x = sig == 1 ? 1 : (1L << (sig - 1)) | 1 | (r.nextLong() & ((1L << (sig - 1)) - 1));
        return x << (64 - lead - sig);
    }

    static List<Sample> samples(Random r) {
        int n = switch (r.nextInt(4)) {
            case 0 -> r.nextInt(4);
            case 1 -> 120;
            default -> 1 + r.nextInt(400);
        };
        return r.nextBoolean() ? everyCoding(r, n) : XorChunkTest.randomSamples(r, n);
    }

    /** Bytes that decode to {@code samples}: the open chunk's array (room after it), stored bytes or a region. */
    static XorChunk.XorIterator iteratorOver(List<Sample> samples, Random r) {
        XorChunk c = XorChunkTest.chunkOf(samples);
        return switch (r.nextInt(3)) {
            case 0 -> (XorChunk.XorIterator) c.iterator(null);
            case 1 -> {
                byte[] b = c.bytes();
                yield new XorChunk.XorIterator().reset(b, 0, b.length);
            }
            default -> {
                byte[] b = c.bytes();
                byte[] page = new byte[b.length + 3 + r.nextInt(12)];
                Arrays.fill(page, (byte) r.nextInt(256));
                System.arraycopy(b, 0, page, 3, b.length);
                yield new XorChunk.XorIterator().reset(page, 3, b.length);
            }
        };
    }

    @Test
    void batchReadsStepSeekAndStopAsNextDoes(Random r) {
        for (int round = 0; round < 1500; round++) {
            List<Sample> samples = samples(r);
            XorChunk.XorIterator it = iteratorOver(samples, r);
            int pos = -1; // the model's current sample
            long[] ts = new long[samples.size() + 1];
            double[] vs = new double[samples.size() + 1];
            for (int op = 0; op < 30 && pos < samples.size(); op++) {
                int kind = r.nextInt(6);
                if (kind == 0) {
                    boolean ok = it.next();
                    pos++;
                    assertEquals(pos < samples.size(), ok);
                } else if (kind == 1 && !samples.isEmpty()) {
                    long target = samples.get(r.nextInt(samples.size())).t() + r.nextInt(3) - 1;
                    int expected = Math.max(pos, 0);
                    while (expected < samples.size() && samples.get(expected).t() < target) {
                        expected++;
                    }
                    assertEquals(expected < samples.size(), it.seek(target));
                    pos = expected;
                } else {
                    long maxT = maxT(samples, pos, r);
                    int at = r.nextInt(2);
                    assertEquals(Math.max(0, samples.size() - pos - 1), it.remaining(), "remaining at " + pos);
                    int n = it.copyUpTo(maxT, ts, vs, at);
                    int expected = 0;
                    while (pos + 1 + expected < samples.size() && samples.get(pos + 1 + expected).t() <= maxT) {
                        Sample s = samples.get(pos + 1 + expected);
                        assertTrue(expected < n, "sample " + (pos + 1 + expected) + " up to " + maxT + " not copied");
                        assertEquals(s.t(), ts[at + expected], "t of sample " + (pos + 1 + expected));
                        assertEquals(s.vBits(), Double.doubleToRawLongBits(vs[at + expected]),
                                "value bits of sample " + (pos + 1 + expected));
                        expected++;
                    }
                    assertEquals(expected, n, "samples copied up to " + maxT + " after " + pos);
                    pos += n;
                    if (n == 0 && pos >= samples.size()) {
                        break;
                    }
                }
                if (pos >= 0 && pos < samples.size()) {
                    assertEquals(samples.get(pos).t(), it.atT(), "current t after op " + op);
                    assertEquals(samples.get(pos).vBits(), it.atVBits(), "current value after op " + op);
                }
            }
            // and the rest steps on from wherever the reads left it
            while (pos + 1 < samples.size()) {
                assertTrue(it.next());
                pos++;
                assertEquals(samples.get(pos).t(), it.atT());
                assertEquals(samples.get(pos).vBits(), it.atVBits());
            }
            assertFalse(it.next());
            assertEquals(0, it.copyUpTo(Long.MAX_VALUE, ts, vs, 0), "an exhausted iterator copies nothing");
            assertNull(it.err());
        }
    }

    /** A limit on a sample's timestamp, between two, before the current sample, or past every one. */
    private static long maxT(List<Sample> samples, int pos, Random r) {
        if (samples.isEmpty() || r.nextInt(6) == 0) {
            return r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        int i = Math.min(samples.size() - 1, Math.max(0, pos + r.nextInt(-2, 60)));
        long t = samples.get(i).t();
        return r.nextBoolean() ? t : t + r.nextInt(-1, 2);
    }

    /**
     * Every value width (1 to 64 meaningful bits, new windows and reused ones) after every
     * timestamp coding, at every bit offset: the batch read takes a sample's fields from one
     * 64-bit load while they fit in its sure bits, so the widths at that edge are drawn often.
     */
    @Test
    void everyValueWidthAfterEveryTimestampCoding(Random r) {
        long[] ts = new long[XorChunk.TARGET_SAMPLES];
        double[] vs = new double[ts.length];
        for (int round = 0; round < 2000; round++) {
            List<Sample> samples = new ArrayList<>(ts.length);
            long t = 1_700_000_000_000L;
            long delta = 15_000;
            long bits = r.nextLong();
            for (int i = 0; i < ts.length; i++) {
                long dod = r.nextBoolean() ? 0 : DOD[r.nextInt(DOD.length)];
                delta = Math.max(1, delta + dod);
                t += delta;
                bits ^= r.nextInt(4) == 0 ? 0 : exactWindow(r);
                samples.add(new Sample(t, bits));
            }
            XorChunk.XorIterator it = iteratorOver(samples, r);
            assertEquals(ts.length, it.copyUpTo(Long.MAX_VALUE, ts, vs, 0));
            for (int i = 0; i < ts.length; i++) {
                assertEquals(samples.get(i).t(), ts[i], "t of sample " + i);
                assertEquals(samples.get(i).vBits(), Double.doubleToRawLongBits(vs[i]), "value bits of sample " + i);
            }
            assertFalse(it.next());
            assertNull(it.err());
        }
    }

    @Test
    void aWholeChunkInOneRead(Random r) {
        for (int round = 0; round < 300; round++) {
            List<Sample> samples = samples(r);
            XorChunk.XorIterator it = iteratorOver(samples, r);
            long[] ts = new long[samples.size()];
            double[] vs = new double[samples.size()];
            assertEquals(samples.size(), it.remaining());
            assertEquals(samples.size(), it.copyUpTo(Long.MAX_VALUE, ts, vs, 0));
            for (int i = 0; i < samples.size(); i++) {
                assertEquals(samples.get(i).t(), ts[i]);
                assertEquals(samples.get(i).vBits(), Double.doubleToRawLongBits(vs[i]));
            }
            assertEquals(0, it.remaining());
            assertFalse(it.next());
            assertNull(it.err());
        }
    }

    @Test
    void truncatedOrCorruptBytesGiveTheSameSamplesAndError(Random r) {
        for (int round = 0; round < 1500; round++) {
            List<Sample> samples = everyCoding(r, 1 + r.nextInt(200));
            byte[] bytes = XorChunkTest.chunkOf(samples).bytes();
            byte[] broken;
            if (r.nextBoolean()) {
                broken = Arrays.copyOf(bytes, r.nextInt(bytes.length));
            } else {
                broken = bytes.clone();
                for (int k = 1 + r.nextInt(3); k > 0; k--) {
                    broken[2 + r.nextInt(broken.length - 2)] ^= (byte) (1 + r.nextInt(255));
                }
                if (r.nextBoolean()) {
                    broken[0] = (byte) 0xFF; // claim more samples than there are
                    broken[1] = (byte) 0xFF;
                }
            }
            XorChunk.XorIterator stepped = new XorChunk.XorIterator().reset(broken, 0, broken.length);
            List<long[]> expected = new ArrayList<>();
            while (stepped.next()) {
                expected.add(new long[] {stepped.atT(), stepped.atVBits()});
            }
            // the same bytes by batch reads, seeks and steps, checked against that sequence (which,
            // decoded from corrupt bytes, need not increase: each read goes on in its order)
            XorChunk.XorIterator batch = new XorChunk.XorIterator().reset(broken, 0, broken.length);
            long[] ts = new long[batch.remaining()];
            double[] vs = new double[ts.length];
            int pos = -1;
            boolean ended = false;
            while (!ended) {
                int kind = r.nextInt(3);
                if (kind == 0) {
                    long maxT = r.nextInt(4) == 0 ? Long.MAX_VALUE
                            : pos + 1 < expected.size() && r.nextBoolean() ? expected.get(pos + 1 + r.nextInt(
                                    Math.min(5, expected.size() - pos - 1)))[0] : r.nextLong();
                    int n = batch.copyUpTo(maxT, ts, vs, 0);
                    int e = 0;
                    while (pos + 1 + e < expected.size() && expected.get(pos + 1 + e)[0] <= maxT) {
                        assertTrue(e < n, "sample " + (pos + 1 + e) + " up to " + maxT + " not copied");
                        assertEquals(expected.get(pos + 1 + e)[0], ts[e], "t of sample " + (pos + 1 + e));
                        assertEquals(expected.get(pos + 1 + e)[1], Double.doubleToRawLongBits(vs[e]),
                                "value bits of sample " + (pos + 1 + e));
                        e++;
                    }
                    assertEquals(e, n, "samples copied up to " + maxT);
                    pos += n;
                    continue;
                }
                if (kind == 1) {
                    long target = pos + 1 < expected.size() && r.nextBoolean()
                            ? expected.get(pos + 1 + r.nextInt(Math.min(5, expected.size() - pos - 1)))[0] + r.nextInt(3) - 1
                            : r.nextLong();
                    int e = Math.max(pos, 0);
                    while (e < expected.size() && expected.get(e)[0] < target) {
                        e++;
                    }
                    boolean ok = batch.seek(target);
                    assertEquals(e < expected.size(), ok, "seek(" + target + ") from " + pos);
                    pos = e;
                    ended = !ok;
                } else {
                    ended = !batch.next();
                    pos++;
                    assertEquals(pos < expected.size(), !ended);
                }
                if (!ended) {
                    assertEquals(expected.get(pos)[0], batch.atT(), "t of sample " + pos);
                    assertEquals(expected.get(pos)[1], batch.atVBits(), "value bits of sample " + pos);
                }
            }
            if (stepped.err() == null) {
                assertNull(batch.err());
            } else {
                assertNotNull(batch.err());
                assertEquals(stepped.err().getMessage(), batch.err().getMessage());
            }
        }
    }

    @Test
    void chunksWithStartTimestampsAreRefused() {
        XorChunk c = new XorChunk(true);
        c.appender().append(1000, 900, 1.0);
        XorChunk.XorIterator it = (XorChunk.XorIterator) c.iterator(null);
        assertTrue(it.hasStartTimestamps());
        assertThrows(IllegalStateException.class, () -> it.copyUpTo(Long.MAX_VALUE, new long[1], new double[1], 0));
    }
}
