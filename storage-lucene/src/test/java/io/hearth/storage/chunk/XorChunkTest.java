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

/** XOR chunks checked against a plain list of samples. */
@ExtendWith(Seeded.class)
class XorChunkTest {

    /** Prometheus's staleness marker, a NaN with a payload that must survive bit for bit. */
    static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    record Sample(long t, long vBits) {
        double v() {
            return Double.longBitsToDouble(vBits);
        }
    }

    static final double[] SPECIAL = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0
    };

    static List<Sample> randomSamples(Random r, int n) {
        List<Sample> out = new ArrayList<>(n);
        long t = switch (r.nextInt(4)) {
            case 0 -> 1_700_000_000_000L + r.nextInt(1_000_000);
            case 1 -> -r.nextLong(1L << 50);
            case 2 -> Long.MIN_VALUE + r.nextInt(1000);
            default -> r.nextLong(1L << 40);
        };
        int timeKind = r.nextInt(4);
        int valueKind = r.nextInt(5);
        long interval = 1 + r.nextInt(60_000);
        double counter = r.nextInt(1000);
        double gauge = r.nextGaussian() * 100;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                long step = switch (timeKind) {
                    case 0 -> interval;                                              // perfectly regular
                    case 1 -> Math.max(1, interval + r.nextInt(41) - 20);            // jitter
                    case 2 -> 1 + r.nextLong(r.nextBoolean() ? 100 : 1L << (1 + r.nextInt(55))); // wild gaps
                    default -> r.nextInt(20) == 0 ? interval * (2 + r.nextInt(100)) : interval; // missed scrapes
                };
                if (t > Long.MAX_VALUE - step) {
                    break;
                }
                t += step;
            }
            long bits = switch (valueKind) {
                case 0 -> Double.doubleToRawLongBits(counter += r.nextInt(50));
                case 1 -> Double.doubleToRawLongBits(gauge += r.nextGaussian());
                case 2 -> r.nextLong();                                              // any bit pattern, NaN payloads too
                case 3 -> Double.doubleToRawLongBits(42.0);
                default -> special(r);
            };
            out.add(new Sample(t, bits));
        }
        return out;
    }

    static long special(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> STALE_NAN_BITS;
            case 1 -> Double.doubleToRawLongBits(SPECIAL[r.nextInt(SPECIAL.length)]);
            case 2 -> Double.doubleToRawLongBits(r.nextInt(100) / 4.0);
            default -> r.nextLong();
        };
    }

    static XorChunk chunkOf(List<Sample> samples) {
        XorChunk c = new XorChunk();
        ChunkAppender a = c.appender();
        for (Sample s : samples) {
            a.append(s.t(), Double.longBitsToDouble(s.vBits()));
        }
        return c;
    }

    static void assertSameSamples(List<Sample> expected, ChunkIterator it) {
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(it.next(), "sample " + i + " missing, err=" + it.err());
            assertEquals(expected.get(i).t(), it.atT(), "t of sample " + i);
            assertEquals(expected.get(i).vBits(), it.atVBits(), "value bits of sample " + i);
        }
        assertFalse(it.next(), "more samples than appended");
        assertFalse(it.next(), "next after the end stays false");
        assertNull(it.err());
    }

    @Test
    void randomSeriesRoundTrip(Random r) {
        ChunkIterator reuse = null;
        for (int round = 0; round < 300; round++) {
            List<Sample> samples = randomSamples(r, r.nextInt(r.nextBoolean() ? 4 : 400));
            XorChunk c = chunkOf(samples);
            assertEquals(samples.size(), c.numSamples());
            ChunkIterator it = c.iterator(reuse);
            if (reuse != null) {
                assertSame(reuse, it, "iterator is reused");
            }
            assertSameSamples(samples, it);
            reuse = it;
            // The stored bytes decode alike.
            byte[] bytes = c.bytes();
            assertEquals(c.sizeBytes(), bytes.length);
            assertSameSamples(samples, Encoding.of(Encoding.XOR.id()).wrap(bytes).iterator(reuse));
            // And so does a region inside a larger buffer.
            byte[] page = new byte[bytes.length + 10];
            System.arraycopy(bytes, 0, page, 7, bytes.length);
            assertSameSamples(samples, new XorChunk.XorIterator().reset(page, 7, bytes.length));
        }
    }

    @Test
    void specialValuesKeepTheirExactBits() {
        List<Sample> samples = new ArrayList<>();
        long t = 1000;
        long[] bits = {
            STALE_NAN_BITS, Double.doubleToRawLongBits(Double.NaN), STALE_NAN_BITS,
            Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(0.0),
            Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), STALE_NAN_BITS,
            Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY), 0xfff8000000000001L, 0x7ff0000000000001L,
            Double.doubleToRawLongBits(1.5), STALE_NAN_BITS, STALE_NAN_BITS
        };
        for (long b : bits) {
            samples.add(new Sample(t += 15_000, b));
        }
        XorChunk c = chunkOf(samples);
        assertSameSamples(samples, c.iterator(null));
        ChunkIterator it = c.iterator(null);
        assertTrue(it.next());
        assertEquals(STALE_NAN_BITS, it.atVBits());
        assertTrue(Double.isNaN(it.atV()));
    }

    @Test
    void seekMovesToTheFirstSampleAtOrAfterAndNeverBack(Random r) {
        for (int round = 0; round < 200; round++) {
            List<Sample> samples = randomSamples(r, 1 + r.nextInt(200));
            XorChunk c = chunkOf(samples);
            ChunkIterator it = c.iterator(null);
            int pos = -1; // index of the current sample in the model
            long first = samples.get(0).t();
            long last = samples.get(samples.size() - 1).t();
            boolean ended = false;
            for (int step = 0; step < 20 && !ended; step++) {
                if (r.nextInt(4) == 0) {
                    boolean ok = it.next();
                    pos++;
                    assertEquals(pos < samples.size(), ok);
                    ended = !ok;
                } else {
                    long target = first + (long) (r.nextDouble() * ((double) last - first + 2)) - 1;
                    if (r.nextInt(5) == 0 && pos >= 0 && pos < samples.size()) {
                        target = samples.get(pos).t() - r.nextInt(3); // at or before the current: stay
                    }
                    int expected = Math.max(pos, 0);
                    while (expected < samples.size() && samples.get(expected).t() < target) {
                        expected++;
                    }
                    boolean ok = it.seek(target);
                    assertEquals(expected < samples.size(), ok, "seek(" + target + ") from " + pos);
                    pos = expected;
                    ended = !ok;
                }
                if (!ended) {
                    assertEquals(samples.get(pos).t(), it.atT());
                    assertEquals(samples.get(pos).vBits(), it.atVBits());
                }
            }
            if (ended) {
                assertFalse(it.seek(Long.MIN_VALUE), "an exhausted iterator stays exhausted");
                assertFalse(it.next());
            }
            assertNull(it.err());
        }
    }

    @Test
    void appenderResumesAStoredChunk(Random r) {
        for (int round = 0; round < 100; round++) {
            List<Sample> samples = randomSamples(r, 2 + r.nextInt(300));
            int split = r.nextInt(samples.size() + 1);
            XorChunk first = chunkOf(samples.subList(0, split));
            XorChunk resumed = XorChunk.wrap(first.bytes());
            ChunkAppender a = resumed.appender();
            for (Sample s : samples.subList(split, samples.size())) {
                a.append(s.t(), s.v());
            }
            assertSameSamples(samples, resumed.iterator(null));
            assertArrayEquals(chunkOf(samples).bytes(), resumed.bytes(), "resuming writes the same bytes");
        }
    }

    @Test
    void appendRejectsTimestampsThatDoNotIncrease() {
        XorChunk c = new XorChunk();
        ChunkAppender a = c.appender();
        a.append(100, 1);
        assertThrows(IllegalArgumentException.class, () -> a.append(100, 2));
        assertThrows(IllegalArgumentException.class, () -> a.append(99, 2));
        a.append(101, 2);
        assertEquals(2, c.numSamples());
    }

    @Test
    void truncatedOrCorruptBytesStopWithOneErrorAfterAGoodPrefix(Random r) {
        for (int round = 0; round < 300; round++) {
            List<Sample> samples = randomSamples(r, 1 + r.nextInt(200));
            byte[] bytes = chunkOf(samples).bytes();
            byte[] broken;
            boolean truncated = r.nextBoolean();
            if (truncated) {
                broken = Arrays.copyOf(bytes, r.nextInt(bytes.length));
            } else {
                broken = bytes.clone();
                broken[2 + r.nextInt(broken.length - 2)] ^= (byte) (1 + r.nextInt(255));
                broken[0] = (byte) 0xFF; // claim more samples than there are
                broken[1] = (byte) 0xFF;
            }
            XorChunk.XorIterator it = new XorChunk.XorIterator().reset(broken, 0, broken.length);
            int n = 0;
            while (it.next()) {
                if (truncated) {
                    // whatever decodes from a truncated chunk is exactly the prefix
                    assertEquals(samples.get(n).t(), it.atT(), "sample " + n);
                    assertEquals(samples.get(n).vBits(), it.atVBits(), "sample " + n);
                }
                n++;
            }
            assertTrue(n < 0xFFFF || !truncated);
            assertNotNull(it.err(), "a broken chunk reports an error, " + n + " samples decoded");
            ChunkFormatException first = it.err();
            assertFalse(it.next());
            assertFalse(it.seek(Long.MIN_VALUE));
            assertSame(first, it.err(), "the error is reported once and kept");
        }
    }

    @Test
    void emptyAndHeaderlessChunks() {
        XorChunk empty = new XorChunk();
        assertEquals(2, empty.sizeBytes());
        ChunkIterator it = empty.iterator(null);
        assertFalse(it.next());
        assertFalse(it.seek(0));
        assertNull(it.err());
        assertThrows(ChunkFormatException.class, () -> XorChunk.wrap(new byte[1]));
        XorChunk.XorIterator bad = new XorChunk.XorIterator().reset(new byte[1], 0, 1);
        assertFalse(bad.next());
        assertNotNull(bad.err());
        assertThrows(ChunkFormatException.class, () -> Encoding.of((byte) 0x7f));
    }

    @Test
    void regularCounterCompressesWell(Random r) {
        List<Sample> samples = new ArrayList<>();
        long t = 1_700_000_000_000L;
        double v = 0;
        for (int i = 0; i < XorChunk.TARGET_SAMPLES; i++) {
            t += 15_000 + (r.nextInt(10) == 0 ? r.nextInt(21) - 10 : 0);
            v += r.nextInt(100);
            samples.add(new Sample(t, Double.doubleToRawLongBits(v)));
        }
        XorChunk c = chunkOf(samples);
        double bytesPerSample = (double) c.sizeBytes() / c.numSamples();
        assertTrue(bytesPerSample < 4.0, "bytes per sample " + bytesPerSample);
        assertSameSamples(samples, c.iterator(null));
    }

    @Test
    void anOpenChunkGrowsToAboutItsFinalSize(Random r) {
        // the open chunk's unused tail is heap every active series keeps: growing by half left a
        // sixth of it unused on average, the projection from the samples so far a few bytes
        for (int kind = 0; kind < 4; kind++) {
            List<Sample> samples = new ArrayList<>();
            long t = 1_700_000_000_000L + r.nextInt(1000);
            double v = r.nextInt(1000);
            for (int i = 0; i < XorChunk.TARGET_SAMPLES; i++) {
                t += 15_000 + r.nextInt(5);
                v = switch (kind) {
                    case 0 -> v;                                  // constant
                    case 1 -> v + r.nextInt(10_000);              // integer counter
                    case 2 -> v + r.nextInt(1000) / 100.0;        // float counter (CPU seconds)
                    default -> 4096.0 * r.nextInt(100_000);       // gauge
                };
                samples.add(new Sample(t, Double.doubleToRawLongBits(v)));
            }
            XorChunk c = new XorChunk();
            ChunkAppender a = c.appender();
            for (int i = 0; i < samples.size(); i++) {
                a.append(samples.get(i).t(), samples.get(i).v());
                assertTrue(i + 1 == XorChunk.TARGET_SAMPLES || c.capacityBytes() >= c.sizeBytes() + 20,
                        "room for the next sample after " + (i + 1));
            }
            int unused = c.capacityBytes() - c.sizeBytes();
            assertTrue(unused <= c.sizeBytes() / 8 + 20, "kind " + kind + ": " + unused + " of " + c.capacityBytes()
                    + " bytes unused");
            assertSameSamples(samples, c.iterator(null));
            for (int i = 0; i < 200; i++) { // past the target it grows on demand
                t += 15_000;
                a.append(t, i);
                samples.add(new Sample(t, Double.doubleToRawLongBits(i)));
            }
            assertSameSamples(samples, c.iterator(null));
        }
    }

    @Test
    void projectedCapacityLeavesRoomForOneSampleAndStaysBounded() {
        assertEquals(16 + 20, XorChunk.projectedCapacity(16, 32, 1)); // nothing to project from yet
        // 100 bytes after the first sample's 16 in 100 samples: 19 more at 1 byte, a sixteenth, 4
        assertEquals(116 + 19 + 1 + 4, XorChunk.projectedCapacity(116, 1000, 101));
        assertEquals(300, XorChunk.projectedCapacity(216, 150, 11)); // at most twice the capacity
        assertEquals(990 + 20, XorChunk.projectedCapacity(990, 1000, XorChunk.TARGET_SAMPLES));
    }
}
