package io.hearth.storage.chunk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Appends bits, most significant first, to a growing byte array.
 *
 * <p>Not thread-safe. One writer belongs to one chunk; the chunk's appender is its only caller.
 * Bits past {@link #bitLength()} in the last byte are always zero.
 */
final class BitWriter {

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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

    /** The size of the backing array: bytes that can be written before the writer grows. */
    int capacity() {
        return bytes.length;
    }

    /**
     * Grows the backing array to {@code capacity} bytes if it is smaller, for an owner that knows
     * better than the default growth how much more it will write.
     */
    void ensureCapacity(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, capacity);
        }
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
        if (count == 0) {
            return;
        }
        ensureBits(count);
        long v = count == 64 ? value : value & ((1L << count) - 1);
        int idx = (int) (bitLength >>> 3);
        int total = (int) (bitLength & 7) + count; // bits from the start of byte idx, 1..71
        if (total <= 64) {
            orWord(idx, v << (64 - total), (total + 7) >>> 3);
        } else { // the last total - 64 bits spill into a ninth byte
            int spill = total - 64;
            orWord(idx, v >>> spill, 8);
            bytes[idx + 8] |= (byte) (v << (8 - spill));
        }
        bitLength += count;
    }

    /** ORs the top {@code n} bytes of {@code word} into the array at {@code idx}, big-endian. */
    private void orWord(int idx, long word, int n) {
        byte[] b = bytes;
        if (idx + 8 <= b.length) { // one 8-byte access; bytes past the stream's end are zero
            LONG_BE.set(b, idx, (long) LONG_BE.get(b, idx) | word);
            return;
        }
        for (int k = 0; k < n; k++) {
            b[idx + k] |= (byte) (word >>> (56 - 8 * k));
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
            // by half, not double: an open chunk's unused tail is heap every active series pays for
            int newLength = (int) Math.max(neededBytes, Math.min(bytes.length + (bytes.length >> 1) + 8L,
                    Integer.MAX_VALUE - 8));
            bytes = Arrays.copyOf(bytes, newLength);
        }
    }
}
