package io.hearth.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.storage.testing.Seeded;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Radix groups: how many offsets share a group and how many bits they take, and columns packed with them. */
@ExtendWith(Seeded.class)
class RadixGroupsTest {

    @Test
    void groupsHoldAsManyDigitsAsFitBelowTwoToThe52() {
        assertEquals(20, RadixGroups.groupSize(6)); // 6^20 < 2^52 < 6^21
        assertEquals(52, RadixGroups.groupBits(6, 20));
        assertEquals(32, RadixGroups.groupSize(3));
        assertEquals(2, RadixGroups.groupSize(1L << 26));
        assertEquals(1, RadixGroups.groupSize((1L << 26) + 1));
        assertEquals(1, RadixGroups.groupSize(RadixGroups.LIMIT));
        // 360 jitter offsets of 0 to 5 ms: 18 groups of 52 bits, 2.6 bits each instead of 3
        assertEquals(18 * 52, RadixGroups.packedBits(6, 360));
        // a short last group takes only the bits its own digits need: 6^3 - 1 = 215 fits 8 bits
        assertEquals(52 + 8, RadixGroups.packedBits(6, 23));
    }

    @Test
    void columnsOfOddRangesWithOutliersRoundTrip(Random r) {
        PackedColumnWriter writer = new PackedColumnWriter();
        PackedColumnReader reader = new PackedColumnReader();
        int radixRuns = 0;
        for (int round = 0; round < 600; round++) {
            int n = 1 + r.nextInt(r.nextBoolean() ? 40 : 1_500);
            long range = 2 + (long) r.nextInt(1 << r.nextInt(27));
            long base = r.nextLong() >> r.nextInt(64);
            long step = r.nextBoolean() ? 1 : 1 + r.nextInt(1_000);
            long[] x = new long[n];
            long acc = base;
            for (int i = 0; i < n; i++) {
                long d = Math.floorMod(r.nextLong(), range);
                if (r.nextInt(50) == 0) {
                    d = r.nextLong() >> r.nextInt(64); // an outlier, kept as an exception
                }
                acc += r.nextBoolean() || round % 2 == 0 ? d * step : d;
                x[i] = round % 3 == 0 ? base + d * step : acc;
            }
            BitWriter meta = new BitWriter(16);
            BitWriter packed = new BitWriter(n);
            int layout = round % 4 < 2 ? PackedChunk.LAYOUT_1 : PackedChunk.LAYOUT_2;
            writer.write(x, n, meta, packed, 0, layout);
            for (byte b : java.util.Arrays.copyOf(meta.array(), meta.byteLength())) {
                if ((b & 0x7F) == PackedColumnWriter.RADIX_WIDTH
                        || layout == PackedChunk.LAYOUT_2 && (b & 0x7F) > PackedColumnWriter.RADIX_WIDTH) { // layout 2's small radixes
                    radixRuns++; // a rough count: a header byte that reads as the radix width code
                }
            }
            byte[] bytes = new byte[meta.byteLength() + packed.byteLength() + 3];
            System.arraycopy(meta.array(), 0, bytes, 0, meta.byteLength());
            System.arraycopy(packed.array(), 0, bytes, meta.byteLength(), packed.byteLength());
            BitReader in = new BitReader();
            in.reset(bytes, 0, meta.byteLength());
            int packedBytes = reader.open(in, bytes, meta.byteLength(), n, 0, layout);
            assertEquals(meta.byteLength() * 8L, in.bitPosition(), "the header ends where the writer's did");
            assertEquals(packed.byteLength(), packedBytes, "the packed bits are as long as the writer's");
            reader.packedAt(bytes, meta.byteLength());
            long[] out = new long[n];
            reader.decodeAll(out, new long[n], n);
            for (int i = 0; i < n; i++) {
                assertEquals(x[i], out[i], "value " + i + " of " + n + " in round " + round);
            }
        }
        assertEquals(true, radixRuns > 100, "radix-packed runs were exercised: " + radixRuns);
    }
}
