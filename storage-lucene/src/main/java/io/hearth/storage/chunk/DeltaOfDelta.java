package io.hearth.storage.chunk;

/**
 * The variable-width signed field used for timestamp deltas of deltas (and, in histogram chunks,
 * for count deltas of deltas): prefix {@code 0} for zero, {@code 10} + 7 bits, {@code 110} + 14
 * bits, {@code 1110} + 20 bits, {@code 1111} + 64 bits. See {@code docs/format/chunks.md}.
 */
final class DeltaOfDelta {

    static final int BITS_1 = 7;
    static final int BITS_2 = 14;
    static final int BITS_3 = 20;

    private DeltaOfDelta() {}

    static void write(BitWriter w, long dod) {
        if (dod == 0) {
            w.writeBit(false);
        } else if (fitsSigned(dod, BITS_1)) {
            w.writeBits(0b10, 2);
            w.writeBits(dod, BITS_1);
        } else if (fitsSigned(dod, BITS_2)) {
            w.writeBits(0b110, 3);
            w.writeBits(dod, BITS_2);
        } else if (fitsSigned(dod, BITS_3)) {
            w.writeBits(0b1110, 4);
            w.writeBits(dod, BITS_3);
        } else {
            w.writeBits(0b1111, 4);
            w.writeBits(dod, 64);
        }
    }

    static long read(BitReader in) {
        if (!in.readBit()) {
            return 0;
        } else if (!in.readBit()) {
            return signExtend(in.readBits(BITS_1), BITS_1);
        } else if (!in.readBit()) {
            return signExtend(in.readBits(BITS_2), BITS_2);
        } else if (!in.readBit()) {
            return signExtend(in.readBits(BITS_3), BITS_3);
        } else {
            return in.readBits(64);
        }
    }

    static boolean fitsSigned(long v, int bits) {
        long min = -(1L << (bits - 1));
        long max = (1L << (bits - 1)) - 1;
        return v >= min && v <= max;
    }

    static long signExtend(long v, int bits) {
        int shift = 64 - bits;
        return (v << shift) >> shift;
    }
}
