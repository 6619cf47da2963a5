package io.hearth.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.storage.testing.Seeded;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeded.class)
class BitStreamTest {

    /** The bytes of every write, whatever its width and bit offset, are those of writing bit by bit. */
    @Test
    void fieldsLandBitForBitAsSingleBitWritesPutThem(Random random) {
        BitWriter fast = new BitWriter(1 + random.nextInt(16));
        BitWriter slow = new BitWriter(1);
        for (int i = 0; i < 20_000; i++) {
            int width = random.nextInt(65);
            long v = random.nextLong(); // high bits beyond the width must be ignored
            fast.writeBits(v, width);
            for (int b = width - 1; b >= 0; b--) {
                slow.writeBit(((v >>> b) & 1) != 0);
            }
            if (random.nextInt(100) == 0) {
                fast.writeBit(true);
                slow.writeBit(true);
            }
        }
        assertEquals(slow.bitLength(), fast.bitLength());
        assertEquals(java.util.HexFormat.of().formatHex(slow.array(), 0, slow.byteLength()),
                java.util.HexFormat.of().formatHex(fast.array(), 0, fast.byteLength()));
    }

    @Test
    void randomFieldsReadBackAsWritten(Random random) {
        int n = 5_000;
        int[] widths = new int[n];
        long[] values = new long[n];
        BitWriter w = new BitWriter(1);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(4);
            widths[i] = switch (kind) {
                case 0 -> -1; // varint
                case 1 -> -2; // zig-zag varint
                default -> random.nextInt(65);
            };
            long v = random.nextLong();
            if (widths[i] >= 0) {
                v = widths[i] == 64 ? v : v & ((1L << widths[i]) - 1);
                w.writeBits(v, widths[i]);
            } else if (widths[i] == -1) {
                v >>>= random.nextInt(64);
                w.writeUvarint(v);
            } else {
                v >>= random.nextInt(64);
                w.writeVarint(v);
            }
            values[i] = v;
        }
        BitReader r = new BitReader();
        r.reset(w.array(), 0, w.byteLength());
        for (int i = 0; i < n; i++) {
            long got = switch (widths[i]) {
                case -1 -> r.readUvarint();
                case -2 -> r.readVarint();
                default -> r.readBits(widths[i]);
            };
            assertEquals(values[i], got, "field " + i + " of width " + widths[i]);
        }
        assertEquals(w.bitLength(), r.bitPosition());
    }

    /**
     * A region cut short inside a larger array (other bytes after it, which wide loads may see)
     * reads the fields that end inside it and then fails on the first one that does not, whether
     * the region's end is near the array's or not.
     */
    @Test
    void aRegionCutShortReadsItsWholeFieldsThenFails(Random random) {
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(40);
            int[] widths = new int[n];
            long[] values = new long[n];
            long[] ends = new long[n];
            BitWriter w = new BitWriter(1);
            for (int i = 0; i < n; i++) {
                widths[i] = random.nextBoolean() ? -1 : random.nextInt(40, 65);
                long v = random.nextLong() >>> random.nextInt(64);
                if (widths[i] < 0) {
                    w.writeUvarint(v);
                } else {
                    v = widths[i] == 64 ? v : v & ((1L << widths[i]) - 1);
                    w.writeBits(v, widths[i]);
                }
                values[i] = v;
                ends[i] = w.bitLength();
            }
            int cut = random.nextInt(w.byteLength() + 1);
            int offset = random.nextInt(3);
            byte[] page = new byte[offset + cut + random.nextInt(3) * random.nextInt(12)];
            random.nextBytes(page);
            System.arraycopy(w.array(), 0, page, offset, cut);
            BitReader r = new BitReader();
            r.reset(page, offset, cut);
            for (int i = 0; i < n; i++) {
                int width = widths[i];
                if (ends[i] > 8L * cut) {
                    assertThrows(ChunkFormatException.class, () -> {
                        if (width < 0) {
                            r.readUvarint();
                        } else {
                            r.readBits(width);
                        }
                    }, "field " + i + " ends past the region");
                    break;
                }
                assertEquals(values[i], widths[i] < 0 ? r.readUvarint() : r.readBits(widths[i]), "field " + i);
                assertEquals(8L * offset + ends[i], r.bitPosition());
            }
        }
    }

    @Test
    void readingPastTheEndFails() {
        BitWriter w = new BitWriter(1);
        w.writeBits(0b101, 3);
        BitReader r = new BitReader();
        r.reset(w.array(), 0, w.byteLength());
        assertEquals(0b10100, r.readBits(5));
        assertEquals(0b000, r.readBits(3));
        assertThrows(ChunkFormatException.class, r::readBit);
    }

    @Test
    void truncateZeroesTheDroppedBits() {
        BitWriter w = new BitWriter(1);
        w.writeBits(-1L, 20);
        w.truncateBits(11);
        assertEquals(2, w.byteLength());
        assertEquals((byte) 0xFF, w.array()[0]);
        assertEquals((byte) 0xE0, w.array()[1]);
        assertEquals(0, w.array()[2]);
        w.writeBits(0, 1);
        w.writeBits(1, 1);
        assertEquals((byte) 0xE8, w.array()[1]);
    }
}
