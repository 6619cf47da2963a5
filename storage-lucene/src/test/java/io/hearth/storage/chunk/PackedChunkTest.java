package io.hearth.storage.chunk;

import static io.hearth.storage.chunk.XorChunkTest.STALE_NAN_BITS;
import static io.hearth.storage.chunk.XorChunkTest.assertSameSamples;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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

/** Packed chunks (the block encoding of float samples) checked against a plain list of samples. */
@ExtendWith(Seeded.class)
class PackedChunkTest {

    private final PackedChunkWriter writer = new PackedChunkWriter();
    /** Bytes of every chunk {@link #encode} wrote, in layout 1 and in layout 2 (relative to its first timestamp). */
    private long layout1Bytes;
    private long layout2Bytes;

    /**
     * The samples in the self-contained layout 1; also checks that they round-trip in layout 2
     * with the first timestamp as base, as blocks write them, so every test covers both layouts.
     */
    private byte[] encode(List<Sample> samples) {
        long[] t = new long[samples.size()];
        long[] v = new long[samples.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = samples.get(i).t();
            v[i] = samples.get(i).vBits();
        }
        byte[] compact = writer.encode(t, v, t.length, t[0], PackedChunk.LAYOUT_2);
        assertSameSamples(samples, new PackedChunk.PackedIterator().reset(compact, 0, compact.length, t[0], PackedChunk.LAYOUT_2));
        byte[] bytes = writer.encode(t, v, t.length);
        layout1Bytes += bytes.length - PackedColumnWriter.varintBytes(PackedColumnWriter.zigzag(t[0])) + 1;
        layout2Bytes += compact.length;
        return bytes;
    }

    private static List<Sample> scrapes(Random r, int n, long interval, int jitter, java.util.function.LongUnaryOperator value) {
        List<Sample> out = new ArrayList<>();
        long t = 1_700_000_000_000L + r.nextInt(15_000);
        for (int i = 0; i < n; i++) {
            out.add(new Sample(t + (jitter == 0 ? 0 : r.nextInt(jitter + 1)), value.applyAsLong(i)));
            t += interval;
        }
        return out;
    }

    @Test
    void randomSeriesRoundTripBitForBit(Random r) {
        ChunkIterator reuse = null;
        for (int round = 0; round < 400; round++) {
            List<Sample> samples = XorChunkTest.randomSamples(r, 1 + r.nextInt(r.nextBoolean() ? 4 : 2_000));
            byte[] bytes = encode(samples);
            Chunk c = Encoding.of(Encoding.PACKED.id()).wrap(bytes);
            assertEquals(samples.size(), c.numSamples());
            ChunkIterator it = c.iterator(reuse);
            if (reuse != null) {
                assertSame(reuse, it, "iterator is reused");
            }
            assertSameSamples(samples, it);
            reuse = it;
            byte[] page = new byte[bytes.length + 9];
            System.arraycopy(bytes, 0, page, 5, bytes.length);
            assertSameSamples(samples, new PackedChunk.PackedIterator().reset(page, 5, bytes.length));
        }
    }

    @Test
    void outliersBetweenRunsOfPackedOffsetsRoundTripAtEveryWidth(Random r) {
        // the decoder reads the packed offsets between two exceptions as one run: outliers first,
        // last, side by side and scattered, over offsets of 0 to 52 bits
        for (int width = 0; width <= 52; width++) {
            int w = width;
            int n = 2 + r.nextInt(300);
            boolean[] outlier = new boolean[n];
            outlier[0] = r.nextBoolean();
            outlier[n - 1] = r.nextBoolean();
            for (int k = r.nextInt(6); k > 0; k--) {
                int at = r.nextInt(n);
                outlier[at] = true;
                if (at + 1 < n && r.nextBoolean()) {
                    outlier[at + 1] = true;
                }
            }
            List<Sample> samples = scrapes(r, n, 15_000, r.nextInt(2) * 5, i -> Double.doubleToRawLongBits(outlier[(int) i]
                    ? (r.nextBoolean() ? 1e15 : -1e15) + i
                    : 1_000_000 + (w == 0 ? 0 : r.nextLong() >>> (64 - w))));
            byte[] bytes = encode(samples);
            assertSameSamples(samples, PackedChunk.wrap(bytes).iterator(null));
        }
    }

    @Test
    void firstTimestampRelativeToABaseRoundTripsAndSavesItsVarint(Random r) {
        for (int round = 0; round < 200; round++) {
            List<Sample> samples = r.nextBoolean() ? XorChunkTest.randomSamples(r, 1 + r.nextInt(600))
                    : scrapes(r, 1 + r.nextInt(600), 15_000, r.nextInt(2) * 5, i -> Double.doubleToRawLongBits(i * 0.25));
            long[] t = samples.stream().mapToLong(Sample::t).toArray();
            long[] v = samples.stream().mapToLong(Sample::vBits).toArray();
            long base = r.nextInt(4) == 0 ? r.nextLong() : t[0]; // any base wraps exactly; blocks pass t[0]
            byte[] relative = writer.encode(t, v, t.length, base);
            assertSameSamples(samples, new PackedChunk.PackedIterator().reset(relative, 0, relative.length, base));
            byte[] absolute = writer.encode(t, v, t.length);
            assertArrayEquals(absolute, writer.encode(t, v, t.length, 0), "base 0 is the self-contained layout");
            if (base == t[0]) {
                assertEquals(absolute.length - PackedColumnWriter.varintBytes(PackedColumnWriter.zigzag(t[0])) + 1,
                        relative.length, "the first timestamp takes one byte");
            }
        }
    }

    @Test
    void decimalSeriesWithSpecialValuesRoundTrip(Random r) {
        long[] specials = {STALE_NAN_BITS, Double.doubleToRawLongBits(Double.NaN), Double.doubleToRawLongBits(-0.0),
            Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
            Double.doubleToRawLongBits(Double.MAX_VALUE), Double.doubleToRawLongBits(Double.MIN_VALUE),
            Double.doubleToRawLongBits(0x1p53 + 2), Double.doubleToRawLongBits(0x1p63), Double.doubleToRawLongBits(Math.PI),
            Double.doubleToRawLongBits(1e-22), Double.doubleToRawLongBits(0.1 + 0.2), 0x7ff8dead0000beefL};
        for (int round = 0; round < 200; round++) {
            int scale = r.nextInt(6);
            long[] units = {r.nextInt(1_000_000)};
            List<Sample> samples = scrapes(r, 1 + r.nextInt(1_500), 15_000, r.nextInt(3) * 5, i -> {
                if (r.nextInt(40) == 0) {
                    return specials[r.nextInt(specials.length)];
                }
                units[0] += r.nextInt(r.nextInt(3) == 0 ? 3 : 5_000) - (r.nextInt(200) == 0 ? units[0] : 0);
                return Double.doubleToRawLongBits(units[0] / Math.pow(10, scale));
            });
            assertSameSamples(samples, PackedChunk.wrap(encode(samples)).iterator(null));
        }
        assertTrue(layout2Bytes < layout1Bytes, "layout 2 took " + layout2Bytes + " bytes, layout 1 " + layout1Bytes);
    }

    @Test
    void layout2ChunksReadOnlyAsLayout2(Random r) {
        // a counter with resets and jumps: exceptions, which the two layouts code differently
        long[] units = {r.nextInt(1_000_000)};
        List<Sample> samples = scrapes(r, 720, 15_000, 5, i -> {
            units[0] = r.nextInt(100) == 0 ? r.nextInt(100) : units[0] + (long) Math.exp(3 + 1.5 * r.nextGaussian());
            return Double.doubleToRawLongBits(units[0]);
        });
        long[] t = samples.stream().mapToLong(Sample::t).toArray();
        long[] v = samples.stream().mapToLong(Sample::vBits).toArray();
        byte[] compact = writer.encode(t, v, t.length, t[0], PackedChunk.LAYOUT_2);
        byte[] old = writer.encode(t, v, t.length, t[0], PackedChunk.LAYOUT_1);
        assertArrayEquals(old, writer.encode(t, v, t.length, t[0]), "without a layout, layout 1");
        assertTrue(compact.length < old.length, "layout 2 " + compact.length + " bytes, layout 1 " + old.length);
        assertSameSamples(samples, new PackedChunk.PackedIterator().reset(compact, 0, compact.length, t[0], PackedChunk.LAYOUT_2));
        assertSameSamples(samples, new PackedChunk.PackedIterator().reset(old, 0, old.length, t[0], PackedChunk.LAYOUT_1));
        PackedChunk.PackedIterator wrong = new PackedChunk.PackedIterator().reset(compact, 0, compact.length, t[0], 3);
        assertFalse(wrong.next());
        assertNotNull(wrong.err());
        assertThrows(IllegalArgumentException.class, () -> writer.encode(t, v, t.length, t[0], 3));
        // layout 2 does not store the first timestamp: its base must be it
        assertThrows(IllegalArgumentException.class, () -> writer.encode(t, v, t.length, t[0] - 1, PackedChunk.LAYOUT_2));
    }

    @Test
    void extremeTimestampsAndValuesRoundTrip() {
        List<Sample> samples = List.of(new Sample(Long.MIN_VALUE, 0), new Sample(Long.MIN_VALUE + 1, Long.MIN_VALUE),
                new Sample(-1, Double.doubleToRawLongBits(-1e300)), new Sample(0, Double.doubleToRawLongBits(9.007199254740993E15)),
                new Sample(Long.MAX_VALUE - 1, Double.doubleToRawLongBits(-9.007199254740992E15)),
                new Sample(Long.MAX_VALUE, STALE_NAN_BITS));
        assertSameSamples(samples, PackedChunk.wrap(encode(samples)).iterator(null));
        List<Sample> one = List.of(new Sample(42, STALE_NAN_BITS));
        assertSameSamples(one, PackedChunk.wrap(encode(one)).iterator(null));
        List<Sample> two = List.of(new Sample(42, Double.doubleToRawLongBits(0.5)), new Sample(43, Double.doubleToRawLongBits(-0.0)));
        assertSameSamples(two, PackedChunk.wrap(encode(two)).iterator(null));
    }

    @Test
    void seekFindsTheFirstSampleAtOrAfterTheTarget(Random r) {
        for (int round = 0; round < 100; round++) {
            List<Sample> samples = XorChunkTest.randomSamples(r, 1 + r.nextInt(600));
            ChunkIterator it = PackedChunk.wrap(encode(samples)).iterator(null);
            int at = 0;
            while (true) {
                long target = samples.get(Math.min(samples.size() - 1, at + r.nextInt(20))).t() - r.nextInt(2);
                int expected = at;
                while (expected < samples.size() && samples.get(expected).t() < target) {
                    expected++;
                }
                if (expected == samples.size()) {
                    assertFalse(it.seek(target));
                    assertFalse(it.seek(Long.MIN_VALUE), "an iterator at its end stays there");
                    break;
                }
                assertTrue(it.seek(target));
                assertEquals(samples.get(expected).t(), it.atT());
                assertEquals(samples.get(expected).vBits(), it.atVBits());
                assertTrue(it.seek(target > Long.MIN_VALUE + 1_000 ? target - 1_000 : Long.MIN_VALUE), "seek never moves backwards");
                assertEquals(samples.get(expected).t(), it.atT());
                at = expected + 1;
                if (at == samples.size() || !it.next()) {
                    assertEquals(samples.size(), at);
                    break;
                }
            }
        }
    }

    @Test
    void scrapedCountersAndGaugesTakeFarLessThanXor(Random r) {
        // A counter of CPU ticks (1/100 s), 15 s scrapes with up to 5 ms of jitter: the timestamp
        // deltas fit 4 bits and the tick increments about 10.
        long[] ticks = {1_000_000};
        List<Sample> counter = scrapes(r, 480, 15_000, 5, i -> Double.doubleToRawLongBits((ticks[0] += 1_000 + r.nextInt(400)) / 100.0));
        int packed = encode(counter).length;
        int xor = XorChunkTest.chunkOf(counter).sizeBytes();
        assertTrue(packed * 8 < 480 * 16, "a jittery tick counter takes " + packed + " bytes");
        assertTrue(packed * 2 < xor, "packed " + packed + " bytes against XOR's " + xor);
        // A byte gauge moving by 4 KiB pages, perfectly regular scrapes: the divisor takes the pages out.
        long[] bytes = {1L << 33};
        List<Sample> gauge = scrapes(r, 480, 15_000, 0, i -> Double.doubleToRawLongBits(bytes[0] += 4096L * (r.nextInt(16) - 8)));
        int g = encode(gauge).length;
        assertTrue(g * 8 < 480 * 5, "a page gauge takes " + g + " bytes");
        // A constant takes a header, whatever the length.
        List<Sample> constant = scrapes(r, 1_000, 15_000, 0, i -> Double.doubleToRawLongBits(1.0));
        assertTrue(encode(constant).length < 24, "a constant takes " + encode(constant).length + " bytes");
    }

    @Test
    void fullPrecisionFloatsTakeNoMoreThanXor(Random r) {
        for (int jitter : new int[] {0, 5, 1_000}) {
            List<Sample> noise = scrapes(r, 480, 15_000, jitter, i -> Double.doubleToRawLongBits(0.004 + 0.0002 * r.nextGaussian()));
            int packed = encode(noise).length;
            int xor = XorChunkTest.chunkOf(noise).sizeBytes();
            assertTrue(packed <= xor, "packed " + packed + " bytes, XOR " + xor);
        }
    }

    @Test
    void scrapeJitterTakesLessThanThreeBitsPerSample(Random r) {
        // 0 to 5 ms of jitter is 2.58 bits of information; base-6 groups store it in 2.6 bits
        List<Sample> samples = scrapes(r, 360, 15_000, 5, i -> Double.doubleToRawLongBits(1.0));
        byte[] bytes = encode(samples);
        assertTrue(bytes.length < 360 * 2.7 / 8 + 24, "360 jittery timestamps take " + bytes.length + " bytes");
        assertSameSamples(samples, PackedChunk.wrap(bytes).iterator(null));
    }

    @Test
    void chunksWrittenBeforeRadixGroupsStillRead() {
        // Written by the packed writer before radix-packed runs existed: 40 scrapes with 0 to 5 ms of
        // jitter, a counter of hundredths, and a NaN special at sample 17.
        String old = "28d0afabfef96201b2ea010206010201117ff0000000000002c88a0f008701ce01021000008a05552552552552552552"
                + "50451c937049e617781d65139046318c45b014d2cb3b0cae81b802d8554114835000";
        byte[] bytes = java.util.HexFormat.of().parseHex(old);
        List<Sample> expected = new ArrayList<>();
        long units = 123_456;
        for (int i = 0; i < 40; i++) {
            units += 100 + (i * 37 % 90);
            long v = i == 17 ? 0x7ff0000000000002L : Double.doubleToRawLongBits(units / 100.0);
            expected.add(new Sample(1_700_000_001_000L + 15_000L * i + (i * 7 % 6), v));
        }
        assertSameSamples(expected, PackedChunk.wrap(bytes).iterator(null));
        byte[] now = encode(expected);
        assertTrue(now.length < bytes.length, "now " + now.length + " bytes, before " + bytes.length);
        assertSameSamples(expected, PackedChunk.wrap(now).iterator(null));
    }

    @Test
    void fullPrecisionNoiseIsStoredAsItsRawBitsInFewerBitsThanXor(Random r) {
        // Durations of about 2 ms give or take 0.2 ms: random to the last of their 52 mantissa bits,
        // but their raw bits, taken as integers, span about 2^52, which XOR's windows do not reach.
        List<Sample> noise = scrapes(r, 360, 15_000, 0, i -> Double.doubleToRawLongBits(0.002 + 0.0002 * r.nextGaussian()));
        byte[] bytes = encode(noise);
        int xor = XorChunkTest.chunkOf(noise).sizeBytes();
        assertEquals(PackedChunkWriter.VALUES_RAW, bytes[valueKindAt(bytes)] & 0xFF);
        assertTrue(bytes.length * 8 < 360 * 54, "noise takes " + bytes.length + " bytes");
        assertTrue(bytes.length * 20 < xor * 19, "packed " + bytes.length + " bytes, XOR " + xor);
        assertSameSamples(noise, PackedChunk.wrap(bytes).iterator(null));
        // A float sum growing by small steps: its raw bits grow by small steps too.
        double[] sum = {3.77};
        List<Sample> growing = scrapes(r, 360, 15_000, 5, i -> Double.doubleToRawLongBits(sum[0] += 0.00006 * Math.exp(r.nextGaussian() / 2)));
        byte[] g = encode(growing);
        assertTrue(g.length * 20 < XorChunkTest.chunkOf(growing).sizeBytes() * 19, "a float sum takes " + g.length + " bytes");
        assertSameSamples(growing, PackedChunk.wrap(g).iterator(null));
    }

    @Test
    void rawBitColumnsWithSpecialValuesRoundTrip(Random r) {
        long[] specials = {STALE_NAN_BITS, Double.doubleToRawLongBits(Double.NaN), Double.doubleToRawLongBits(-0.0),
            Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
            Double.doubleToRawLongBits(-Double.MAX_VALUE), 0x7ff8dead0000beefL, 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE};
        int raw = 0;
        for (int round = 0; round < 300; round++) {
            double level = Math.scalb(1 + r.nextDouble(), r.nextInt(80) - 40) * (r.nextInt(5) == 0 ? -1 : 1);
            double spread = level * r.nextDouble() * 0.5;
            int every = 2 + r.nextInt(60);
            List<Sample> samples = scrapes(r, 3 + r.nextInt(1_000), 15_000, r.nextInt(2) * 5, i -> r.nextInt(every) == 0
                    ? specials[r.nextInt(specials.length)] : Double.doubleToRawLongBits(level + spread * r.nextGaussian()));
            byte[] bytes = encode(samples);
            if ((bytes[valueKindAt(bytes)] & 0xFF) == PackedChunkWriter.VALUES_RAW) {
                raw++;
            }
            assertSameSamples(samples, PackedChunk.wrap(bytes).iterator(null));
        }
        assertTrue(raw > 100, raw + " of 300 chunks stored raw bits");
    }

    /** The offset of a chunk's value-kind byte: after its sample count and timestamp column header. */
    private static int valueKindAt(byte[] bytes) {
        BitReader in = new BitReader();
        in.reset(bytes, 0, bytes.length);
        int n = (int) in.readUvarint();
        new PackedColumnReader().open(in, bytes, bytes.length, n, 0, PackedChunk.LAYOUT_1);
        return (int) (in.bitPosition() >>> 3);
    }

    @Test
    void damagedBytesAreReportedNotThrown(Random r) {
        List<Sample> samples = scrapes(r, 300, 15_000, 5, i -> Double.doubleToRawLongBits(i * 1.5));
        byte[] bytes = encode(samples);
        for (int cut = 1; cut < bytes.length; cut++) {
            PackedChunk.PackedIterator it = new PackedChunk.PackedIterator().reset(Arrays.copyOf(bytes, cut), 0, cut);
            int read = 0;
            while (it.next()) {
                read++;
            }
            if (read < samples.size()) {
                assertNotNull(it.err(), "truncated to " + cut + " bytes, read " + read + " samples without an error");
            }
        }
        long[] t = samples.stream().mapToLong(Sample::t).toArray();
        long[] v = samples.stream().mapToLong(Sample::vBits).toArray();
        byte[] compact = writer.encode(t, v, t.length, t[0], PackedChunk.LAYOUT_2);
        for (int cut = 1; cut < compact.length; cut++) {
            PackedChunk.PackedIterator it = new PackedChunk.PackedIterator().reset(Arrays.copyOf(compact, cut), 0, cut, t[0],
                    PackedChunk.LAYOUT_2);
            int read = 0;
            while (it.next()) {
                read++;
            }
            if (read < samples.size()) {
                assertNotNull(it.err(), "layout 2 truncated to " + cut + " bytes, read " + read + " samples without an error");
            }
        }
        assertThrows(ChunkFormatException.class, () -> PackedChunk.wrap(new byte[] {0}));
    }

    @Test
    void flippedBitsInEitherLayoutAreReportedOrReadNeverThrown(Random r) {
        PackedChunk.PackedIterator it = new PackedChunk.PackedIterator();
        for (int round = 0; round < 3_000; round++) {
            int kind = r.nextInt(4);
            long[] units = {r.nextInt(100_000)};
            List<Sample> samples = scrapes(r, 1 + r.nextInt(400), 15_000, 5, i -> {
                units[0] = r.nextInt(50) == 0 ? 0 : units[0] + (long) Math.exp(3 + r.nextGaussian());
                return switch (kind) {
                    case 0 -> Double.doubleToRawLongBits(units[0]);
                    case 1 -> Double.doubleToRawLongBits(units[0] / 100.0);
                    case 2 -> Double.doubleToRawLongBits(0.002 + 0.0002 * r.nextGaussian());
                    default -> r.nextInt(30) == 0 ? STALE_NAN_BITS : Double.doubleToRawLongBits(units[0]);
                };
            });
            long[] t = samples.stream().mapToLong(Sample::t).toArray();
            long[] v = samples.stream().mapToLong(Sample::vBits).toArray();
            int layout = r.nextBoolean() ? PackedChunk.LAYOUT_1 : PackedChunk.LAYOUT_2;
            byte[] bytes = writer.encode(t, v, t.length, t[0], layout);
            for (int flips = 1 + r.nextInt(3); flips > 0; flips--) {
                bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
            }
            it.reset(bytes, 0, bytes.length, t[0], layout); // a checksum catches such damage in blocks; here it must not throw
            int read = 0;
            while (it.next()) {
                read++;
            }
            assertTrue(read <= PackedChunk.MAX_SAMPLES);
        }
    }

    @Test
    void refusesAppendsAndBadInput() {
        Chunk c = PackedChunk.wrap(encode(List.of(new Sample(1, 0))));
        assertThrows(UnsupportedOperationException.class, c::appender);
        assertThrows(IllegalArgumentException.class, () -> writer.encode(new long[] {5, 5}, new long[2], 2));
        assertThrows(IllegalArgumentException.class, () -> writer.encode(new long[0], new long[0], 0));
    }
}
