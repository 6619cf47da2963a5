package io.hearth.storage.chunk;

/**
 * The arithmetic of radix-packed runs of a {@link PackedChunk} column: offsets in {@code [0, R)}
 * with {@code R} not a power of two waste up to a bit each when given a whole bit width (a 0 to 5
 * ms scrape jitter takes 3 bits for 2.58 bits of information), so consecutive offsets are taken as
 * the digits of one base-{@code R} number, first offset least significant, of at most 2^52 (so a
 * decoder can divide through a double reciprocal), and that number is stored in as few bits as
 * {@code R^digits - 1} needs.
 */
final class RadixGroups {

    /** Groups stay below 2^52: exact in a double, so division by a reciprocal is off by at most one. */
    static final long LIMIT = 1L << 52;

    private RadixGroups() {
    }

    /** The digits of a full group: the most {@code g >= 1} with {@code radix^g <= 2^52}; radix in [2, 2^52]. */
    static int groupSize(long radix) {
        int g = 1;
        long p = radix;
        while (p <= LIMIT / radix) {
            p *= radix;
            g++;
        }
        return g;
    }

    /** The bits of a group of {@code digits} (at most {@link #groupSize}): those of {@code radix^digits - 1}. */
    static int groupBits(long radix, int digits) {
        long p = 1;
        for (int i = 0; i < digits; i++) {
            p *= radix;
        }
        return 64 - Long.numberOfLeadingZeros(p - 1);
    }

    /** The packed bits of {@code count} offsets in base {@code radix}. */
    static long packedBits(long radix, int count) {
        int g = groupSize(radix);
        long bits = (long) (count / g) * groupBits(radix, g);
        int tail = count % g;
        return tail == 0 ? bits : bits + groupBits(radix, tail);
    }

    /** Writes {@code digits[0, count)}, each in {@code [0, radix)}, as groups. */
    static void write(BitWriter out, long[] digits, int count, long radix) {
        int g = groupSize(radix);
        int full = groupBits(radix, g);
        for (int at = 0; at < count; at += g) {
            int d = Math.min(g, count - at);
            long v = 0;
            for (int j = at + d - 1; j >= at; j--) {
                v = v * radix + digits[j];
            }
            out.writeBits(v, d == g ? full : groupBits(radix, d));
        }
    }
}
