package io.hearth.storage.chunk;

import java.util.Arrays;

/**
 * Encodes one column of integers of a {@link PackedChunk} (its timestamps, or its values scaled to
 * integers): the first value, then the column's deltas or deltas of deltas, whichever is smaller,
 * divided by their greatest common divisor and stored as frame-of-reference offsets of one fixed
 * bit width. The width is chosen to minimise the size: residuals that do not fit (a gap, a counter
 * reset) are kept apart as exceptions instead of widening every slot. Layout in
 * {@code docs/format/chunks.md}; {@link PackedColumnReader} is the decoder.
 *
 * <p>Reused across the columns and chunks of one block by one thread.
 */
final class PackedColumnWriter {

    /** Column mode: residuals are the deltas between consecutive values. */
    static final int DELTA = 0;
    /** Column mode: residuals are the deltas of those deltas (the first delta is stored apart). */
    static final int DELTA_OF_DELTA = 1;

    /** What an exception costs for choosing the width: a position and a residual, a few bytes. */
    private static final int EXCEPTION_BITS = 24;

    private long[] residuals = new long[256];
    private long[] sorted = new long[256];

    // the plan of the last choose()
    private long gcd;
    private long lo;
    private int width;
    private long cost;

    /**
     * Writes {@code x[0, n)} ({@code n >= 1}): its header and exceptions, whole bytes, to
     * {@code meta}, and the packed offsets to {@code packed}.
     */
    void write(long[] x, int n, BitWriter meta, BitWriter packed) {
        meta.writeVarint(x[0]);
        if (n == 1) {
            return;
        }
        if (residuals.length < n) {
            residuals = new long[n];
            sorted = new long[n];
        }
        deltas(x, n, DELTA);
        choose(n - 1);
        int mode = DELTA;
        if (n >= 3) {
            long deltaCost = cost;
            deltas(x, n, DELTA_OF_DELTA);
            choose(n - 2);
            if (cost + 8L * varintBytes(zigzag(x[1] - x[0])) < deltaCost) {
                mode = DELTA_OF_DELTA;
            } else {
                deltas(x, n, DELTA);
                choose(n - 1);
            }
        }
        int k = mode == DELTA ? n - 1 : n - 2;
        meta.writeByte(mode);
        if (mode == DELTA_OF_DELTA) {
            meta.writeVarint(x[1] - x[0]);
        }
        meta.writeUvarint(gcd);
        meta.writeVarint(lo);
        meta.writeByte(width);
        long mask = width == 64 ? -1L : (1L << width) - 1;
        int exceptions = 0;
        for (int i = 0; i < k; i++) {
            if (Long.compareUnsigned(residuals[i] - lo, mask) > 0) {
                exceptions++;
            }
        }
        meta.writeUvarint(exceptions);
        int previous = -1;
        for (int i = 0; i < k; i++) {
            long q = residuals[i];
            if (Long.compareUnsigned(q - lo, mask) > 0) {
                meta.writeUvarint(i - previous - 1);
                meta.writeVarint(q);
                previous = i;
            } else {
                packed.writeBits(q - lo, width);
            }
        }
    }

    /** Fills {@code residuals} with the deltas (or deltas of deltas) of {@code x}, wrapping on overflow. */
    private void deltas(long[] x, int n, int mode) {
        if (mode == DELTA) {
            for (int i = 1; i < n; i++) {
                residuals[i - 1] = x[i] - x[i - 1];
            }
        } else {
            for (int i = 2; i < n; i++) {
                residuals[i - 2] = (x[i] - x[i - 1]) - (x[i - 1] - x[i - 2]);
            }
        }
    }

    /**
     * Divides {@code residuals[0, k)} by their greatest common divisor and picks the width and
     * frame of reference of the smallest encoding, setting {@link #gcd}, {@link #lo},
     * {@link #width} and {@link #cost}.
     */
    private void choose(int k) {
        long g = 0;
        for (int i = 0; i < k && g != 1; i++) {
            long r = residuals[i];
            if (r == Long.MIN_VALUE) {
                g = 1; // no absolute value; a divisor would not help such a column anyway
            } else if (r != 0) {
                g = gcd(g, Math.abs(r));
            }
        }
        gcd = g == 0 ? 1 : g;
        if (gcd != 1) {
            for (int i = 0; i < k; i++) {
                residuals[i] /= gcd;
            }
        }
        System.arraycopy(residuals, 0, sorted, 0, k);
        Arrays.sort(sorted, 0, k);
        int widest = 64 - Long.numberOfLeadingZeros(sorted[k - 1] - sorted[0]); // the spread is unsigned
        long header = 8L * (1 + varintBytes(gcd) + varintBytes(zigzag(sorted[0])) + 1 + 1);
        width = widest;
        lo = sorted[0];
        cost = header + (long) k * widest;
        for (int w = widest - 1; w >= 0; w--) {
            long mask = (1L << w) - 1;
            int bestIn = 0;
            long bestLo = sorted[0];
            for (int i = 0, j = 0; i < k; i++) {
                if (j < i) {
                    j = i;
                }
                while (j + 1 < k && Long.compareUnsigned(sorted[j + 1] - sorted[i], mask) <= 0) {
                    j++;
                }
                if (j - i + 1 > bestIn) {
                    bestIn = j - i + 1;
                    bestLo = sorted[i];
                }
                if (j == k - 1) {
                    break; // windows starting later hold fewer
                }
            }
            long c = header + (long) bestIn * w + (long) (k - bestIn) * EXCEPTION_BITS;
            if (c < cost) {
                cost = c;
                width = w;
                lo = bestLo;
            }
            if ((long) k * EXCEPTION_BITS / 2 + header >= cost && bestIn * 2 < k) {
                break; // narrower widths only add exceptions from here on
            }
        }
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static int varintBytes(long unsigned) {
        int bits = 64 - Long.numberOfLeadingZeros(unsigned | 1);
        return (bits + 6) / 7;
    }
}
