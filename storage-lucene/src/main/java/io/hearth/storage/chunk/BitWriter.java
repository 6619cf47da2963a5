package io.hearth.storage.chunk;

import java.util.Arrays;

/**
 * Appends bits, most significant first, to a growing byte array.
 *
 * <p>Not thread-safe. One writer belongs to one chunk; the chunk's appender is its only caller.
 * Bits past {@link #bitLength()} in the last byte are always zero.
 */
final class BitWriter {

    private byte[] bytes;
    private long bitLength;

    BitWriter(int initialCapacityBytes) {
        this.bytes = new byte[Math.max(1, initialCapacityBytes)];
    }

    /**
     * A writer continuing after {@code bitLength} bits already in {@code bytes}, which it takes
     * over. The bits after {@code bitLength} must be zero.
     */
    BitWriter(byte[] bytes, long bitLength) {
        this.bytes = bytes.length == 0 ? new byte[1] : bytes;
        this.bitLength = bitLength;
    }

    /** Number of bits written so far, including any header bytes written as bits. */
    long bitLength() {
        return bitLength;
    }

    /** Number of bytes needed to hold the bits written so far. */
    int byteLength() {
        return (int) ((bitLength + 7) >>> 3);
    }

    /** The backing array; valid up to {@link #byteLength()}, replaced when the writer grows. */
    byte[] array() {
        return bytes;
    }

    void writeBit(boolean bit) {
        ensureBits(1);
        if (bit) {
            int idx = (int) (bitLength >>> 3);
            bytes[idx] |= (byte) (0x80 >>> (int) (bitLength & 7));
        }
        bitLength++;
    }

    /**
     * Writes the low {@code count} bits of {@code value}, most significant first.
     *
     * @param count 0 to 64
     */
    void writeBits(long value, int count) {
        if (count < 0 || count > 64) {
            throw new IllegalArgumentException("bit count out of range: " + count);
        }
        ensureBits(count);
        int remaining = count;
        while (remaining > 0) {
            int idx = (int) (bitLength >>> 3);
            int free = 8 - (int) (bitLength & 7);
            int take = Math.min(free, remaining);
            int part = (int) ((value >>> (remaining - take)) & ((1 << take) - 1));
            bytes[idx] |= (byte) (part << (free - take));
            bitLength += take;
            remaining -= take;
        }
    }

    void writeByte(int b) {
        writeBits(b & 0xFF, 8);
    }

    /** Writes an unsigned LEB128 varint as whole bytes of the bit stream. */
    void writeUvarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        writeByte((int) v);
    }

    /** Writes a zig-zag encoded signed varint. */
    void writeVarint(long value) {
        writeUvarint((value << 1) ^ (value >> 63));
    }

    /**
     * Drops every bit from {@code newBitLength} on, zeroing them, so that writing continues there.
     * Used when an appender resumes a stored chunk whose last byte is padded.
     */
    void truncateBits(long newBitLength) {
        if (newBitLength < 0 || newBitLength > bitLength) {
            throw new IllegalArgumentException("cannot truncate " + bitLength + " bits to " + newBitLength);
        }
        int firstFreeByte = (int) (newBitLength >>> 3);
        int used = (int) (newBitLength & 7);
        int end = byteLength();
        if (used != 0) {
            bytes[firstFreeByte] &= (byte) (0xFF << (8 - used));
            firstFreeByte++;
        }
        Arrays.fill(bytes, firstFreeByte, end, (byte) 0);
        bitLength = newBitLength;
    }

    /** Writes zero bits up to the next byte boundary, if not on one. */
    void padToByte() {
        int pad = (int) (-bitLength & 7);
        if (pad > 0) {
            writeBits(0, pad);
        }
    }

    /** Overwrites one byte at a byte offset that has already been written. */
    void putByteAt(int byteOffset, int value) {
        bytes[byteOffset] = (byte) value;
    }

    /** Overwrites two bytes at a byte offset that has already been written. */
    void putShortAt(int byteOffset, int value) {
        bytes[byteOffset] = (byte) (value >>> 8);
        bytes[byteOffset + 1] = (byte) value;
    }

    private void ensureBits(int count) {
        long neededBytes = (bitLength + count + 7) >>> 3;
        if (neededBytes > bytes.length) {
            if (neededBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("bit stream too large");
            }
            int newLength = (int) Math.max(neededBytes, Math.min((long) bytes.length * 2, Integer.MAX_VALUE - 8));
            bytes = Arrays.copyOf(bytes, newLength);
        }
    }
}
