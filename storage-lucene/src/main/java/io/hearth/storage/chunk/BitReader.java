package io.hearth.storage.chunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads bits, most significant first, from a byte array region; the counterpart of
 * {@link BitWriter}.
 *
 * <p>A reusable view: {@link #reset} points it at new bytes without allocating. Reading past the
 * end of the region throws {@link ChunkFormatException}; iterators catch it once and report it
 * through {@link ChunkIterator#err()}.
 */
final class BitReader {

    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] bytes;
    private long bitPos;
    private long bitLimit;

    BitReader() {
        this.bytes = new byte[0];
    }

    void reset(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " of " + bytes.length);
        }
        this.bytes = bytes;
        this.bitPos = (long) offset << 3;
        this.bitLimit = (long) (offset + length) << 3;
    }

    /** The absolute bit position of the next bit to read, counted from the array's start. */
    long bitPosition() {
        return bitPos;
    }

    /**
     * Moves to an absolute bit position (from {@link #bitPosition()}), for a decoder that read ahead
     * on its own ({@link #array()}) and hands back where it stopped.
     */
    void bitPosition(long pos) {
        bitPos = pos;
    }

    /** The absolute bit position where the region ends. */
    long bitLimit() {
        return bitLimit;
    }

    /** The array read from (not a copy), for a decoder that reads a run itself through {@link #window}. */
    byte[] array() {
        return bytes;
    }

    /**
     * The 64 bits of {@code bytes} from absolute bit {@code pos}, most significant first; at least the
     * top 57 are the array's bits, and bits past the array's end read as zeros. Never throws, so a
     * decoder can read ahead freely and check its position against {@link #bitLimit()} afterwards.
     */
    static long window(byte[] bytes, long pos) {
        int at = (int) (pos >>> 3);
        long word;
        if (at <= bytes.length - Long.BYTES) {
            word = (long) BIG_ENDIAN_LONG.get(bytes, at);
        } else {
            word = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                word = (word << 8) | (at + i < bytes.length ? bytes[at + i] & 0xFF : 0);
            }
        }
        return word << (pos & 7);
    }

    /** {@code count} bits (1 to 64) from absolute bit {@code pos} as an unsigned value, as {@link #window}. */
    static long bitsAt(byte[] bytes, long pos, int count) {
        if (count <= 57) {
            return window(bytes, pos) >>> (64 - count);
        }
        int low = count - 32;
        return (window(bytes, pos) >>> 32) << low | window(bytes, pos + 32) >>> (64 - low);
    }

    boolean readBit() {
        if (bitPos >= bitLimit) {
            throw new ChunkFormatException("unexpected end of chunk data");
        }
        int b = bytes[(int) (bitPos >>> 3)] & 0xFF;
        boolean bit = ((b >>> (7 - (int) (bitPos & 7))) & 1) != 0;
        bitPos++;
        return bit;
    }

    /**
     * Reads {@code count} bits as an unsigned value.
     *
     * @param count 0 to 64
     */
    long readBits(int count) {
        if (bitPos + count > bitLimit) {
            throw new ChunkFormatException("unexpected end of chunk data");
        }
        int at = (int) (bitPos >>> 3);
        if (count <= 56 && at + Long.BYTES <= bytes.length) {
            // one unaligned 8-byte load holds the 1 to 56 bits wanted after a 0 to 7 bit offset;
            // bits past the region's end may be loaded but are shifted out
            long word = (long) BIG_ENDIAN_LONG.get(bytes, at);
            int skip = (int) (bitPos & 7);
            bitPos += count;
            return count == 0 ? 0 : (word << skip) >>> (64 - count);
        }
        if (count > 32 && at + 2 * Long.BYTES <= bytes.length) {
            // 57 to 64 bits (a chunk's first value): two loads, checked against the limit above
            long high = readBits(count - 32);
            return high << 32 | readBits(32);
        }
        long result = 0;
        int remaining = count;
        // Whole bytes fast path once aligned.
        while (remaining > 0) {
            int offInByte = (int) (bitPos & 7);
            int b = bytes[(int) (bitPos >>> 3)] & 0xFF;
            if (offInByte == 0 && remaining >= 8) {
                result = (result << 8) | b;
                bitPos += 8;
                remaining -= 8;
                continue;
            }
            int avail = 8 - offInByte;
            int take = Math.min(avail, remaining);
            int part = (b >>> (avail - take)) & ((1 << take) - 1);
            result = (result << take) | part;
            bitPos += take;
            remaining -= take;
        }
        return result;
    }

    int readByte() {
        return (int) readBits(8);
    }

    int readUnsignedShort() {
        return (int) readBits(16);
    }

    long readUvarint() {
        // the first 7 bytes from one load: a timestamp's varint (at most 6 bytes until the year
        // 4000, zig-zagged) or a delta ends there; a longer one, or one past the region's end,
        // is read byte by byte as below (which throws the same way)
        long w = window(bytes, bitPos);
        long value = 0;
        for (int i = 0; i < 7; i++) {
            long b = w >>> (56 - 8 * i);
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                long end = bitPos + 8L * (i + 1);
                if (end <= bitLimit) {
                    bitPos = end;
                    return value;
                }
                break;
            }
        }
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new ChunkFormatException("varint longer than 10 bytes");
    }

    long readVarint() {
        long u = readUvarint();
        return (u >>> 1) ^ -(u & 1);
    }
}
