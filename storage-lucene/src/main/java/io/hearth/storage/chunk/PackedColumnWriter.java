package io.hearth.storage.chunk;

import java.util.Arrays;

/**
 * Encodes one column of integers of a {@link PackedChunk} (its timestamps, or its values scaled to
 * integers) in whichever of three modes is smallest for the column at hand: its deltas, its deltas
 * of deltas, or, for increasing columns such as scrape timestamps, each value's offset from a grid
 * of one fixed step (plus the grid slots skipped, almost always none). Each such run of residuals
 * is divided by its greatest common divisor and stored as frame-of-reference offsets of one fixed
 * bit width, chosen to minimise the size: residuals that do not fit (a gap, a counter reset) are
 * kept apart as exceptions instead of widening every slot. Layout in {@code docs/format/chunks.md};
 * {@link PackedColumnReader} is the decoder.
 *
 * <p>Reused across the columns and chunks of one block by one thread.
 */
final class PackedColumnWriter {

    /** Column mode: residuals are the deltas between consecutive values. */
    static final int DELTA = 0;
    /** Column mode: residuals are the deltas of those deltas (the first delta is stored apart). */
    static final int DELTA_OF_DELTA = 1;
    /** Column mode: a grid step, then per value the grid slots skipped and its offset from its slot. */
    static final int GRID = 2;
    /** Column mode: {@link #GRID} with no slot skipped, so without that run. */
    static final int FULL_GRID = 3;
    /**
     * Column mode: residuals are the values themselves (from the second on), for columns of noise
     * around a level (the raw bits of full-precision floats), whose deltas spread twice as wide.
     */
    static final int PLAIN = 4;
    /** The bits per residual of deltas above which {@link #PLAIN} is tried too. */
    private static final int PLAIN_TRIAL_BITS = 16;

    /** Set in a run's width byte when exceptions follow its frame of reference. */
    static final int EXCEPTIONS_FLAG = 0x80;
    /**
     * The width code of a radix-packed run ({@link RadixGroups}): its radix follows the frame of
     * reference. Past the widths 0 to 64, so readers older than it refuse such a run.
     */
    static final int RADIX_WIDTH = 65;
    /**
     * Layout 2: width codes {@code SMALL_RADIX_CODES + R}, 66 to 127, are radix-packed runs of
     * radix {@code R} (2 to 63), which then does not follow the frame of reference.
     */
    static final int SMALL_RADIX_CODES = 64;
    /**
     * Layout-2 mode-byte flags ({@link PackedChunk#LAYOUT_2}): the first or second run's divisor
     * is 1, or its frame of reference 0, and that field is left out of the run's header.
     */
    static final int FIRST_GCD_ONE = 0x08;
    static final int FIRST_LO_ZERO = 0x10;
    static final int SECOND_GCD_ONE = 0x20;
    static final int SECOND_LO_ZERO = 0x40;
    /** The bits of a layout-2 mode byte that hold the mode. */
    static final int MODE_MASK = 0x07;

    /** The widest run worth radix-packing; wider offsets make groups of one. */
    private static final int RADIX_MAX_WIDTH = 26;

    private final Residuals first = new Residuals();
    private final Residuals second = new Residuals();
    private long[] scratch = new long[256];
    private int layout = PackedChunk.LAYOUT_1;

    /**
     * Writes {@code x[0, n)} ({@code n >= 1}): its header and exceptions, whole bytes, to
     * {@code meta}, and the packed offsets to {@code packed} (ending on a byte boundary). The first
     * value is stored as {@code x[0] - base}: a reader that knows the column's first value (a
     * block's timestamps, from the series file) passes it as {@code base} and stores one byte.
     * {@code layout} is {@link PackedChunk#LAYOUT_1} or {@link PackedChunk#LAYOUT_2}.
     */
    void write(long[] x, int n, BitWriter meta, BitWriter packed, long base, int layout) {
        meta.writeVarint(x[0] - base);
        writeWithoutFirst(x, n, meta, packed, layout);
    }

    /**
     * Writes {@code x[0, n)} as {@link #write} does but for its first value, which the reader
     * knows (layout 2 timestamps in a block: the chunk's minimum time in the series file).
     */
    void writeWithoutFirst(long[] x, int n, BitWriter meta, BitWriter packed, int layout) {
        this.layout = layout;
        first.layout = layout;
        second.layout = layout;
        if (n == 1) {
            return;
        }
        int mode = DELTA;
        long cost = prepare(x, n, DELTA, 0);
        long step = 0;
        if (n >= 3) {
            long c = prepare(x, n, DELTA_OF_DELTA, 0) + 8L * varintBytes(zigzag(x[1] - x[0]));
            if (c < cost) {
                mode = DELTA_OF_DELTA;
                cost = c;
            }
            step = gridStep(x, n);
            if (step > 0) {
                c = prepare(x, n, GRID, step) + 8L * (1 + varintBytes(step));
                if (c < cost) {
                    mode = GRID;
                    cost = c;
                }
            }
            if (cost > (long) PLAIN_TRIAL_BITS * n) {
                c = prepare(x, n, PLAIN, 0);
                if (c < cost) {
                    mode = PLAIN;
                }
            }
        }
        prepare(x, n, mode, step);
        if (mode == GRID && first.allZero()) {
            mode = FULL_GRID;
        }
        int flags = 0;
        if (layout == PackedChunk.LAYOUT_2) {
            if (mode != FULL_GRID) {
                flags |= (first.gcd == 1 ? FIRST_GCD_ONE : 0) | (first.lo == 0 ? FIRST_LO_ZERO : 0);
            }
            if (mode == GRID || mode == FULL_GRID) {
                flags |= (second.gcd == 1 ? SECOND_GCD_ONE : 0) | (second.lo == 0 ? SECOND_LO_ZERO : 0);
            }
        }
        meta.writeByte(mode | flags);
        if (mode == DELTA_OF_DELTA) {
            meta.writeVarint(x[1] - x[0]);
        } else if (mode == GRID || mode == FULL_GRID) {
            meta.writeUvarint(step);
        }
        if (mode != FULL_GRID) {
            first.write(meta, packed, (flags & FIRST_GCD_ONE) != 0, (flags & FIRST_LO_ZERO) != 0);
            packed.padToByte();
        }
        if (mode == GRID || mode == FULL_GRID) {
            second.write(meta, packed, (flags & SECOND_GCD_ONE) != 0, (flags & SECOND_LO_ZERO) != 0);
            packed.padToByte();
        }
    }

    /** Fills and plans the residuals of {@code mode}; returns their cost in bits. */
    private long prepare(long[] x, int n, int mode, long step) {
        first.ensure(n);
        switch (mode) {
            case DELTA -> {
                first.k = n - 1;
                for (int i = 1; i < n; i++) {
                    first.r[i - 1] = x[i] - x[i - 1];
                }
            }
            case PLAIN -> {
                first.k = n - 1;
                System.arraycopy(x, 1, first.r, 0, n - 1);
            }
            case DELTA_OF_DELTA -> {
                first.k = n - 2;
                for (int i = 2; i < n; i++) {
                    first.r[i - 2] = (x[i] - x[i - 1]) - (x[i - 1] - x[i - 2]);
                }
            }
            default -> {
                second.ensure(n);
                first.k = n - 1;
                second.k = n - 1;
                long slot = 0;
                for (int i = 1; i < n; i++) {
                    long s = Math.floorDiv(x[i] - x[0] + step / 2, step);
                    first.r[i - 1] = s - slot - 1;
                    second.r[i - 1] = x[i] - x[0] - s * step;
                    slot = s;
                }
                return first.plan() + second.plan();
            }
        }
        return first.plan();
    }

    /**
     * The median delta of an increasing column whose span fits a long, or 0 when a grid cannot
     * describe it (not increasing, or so wide that offsets could overflow).
     */
    private long gridStep(long[] x, int n) {
        long span = x[n - 1] - x[0];
        if (x[n - 1] <= x[0] || span <= 0 || span > Long.MAX_VALUE / 4) {
            return 0;
        }
        if (scratch.length < n) {
            scratch = new long[n];
        }
        for (int i = 1; i < n; i++) {
            long d = x[i] - x[i - 1];
            if (d <= 0) {
                return 0;
            }
            scratch[i - 1] = d;
        }
        Arrays.sort(scratch, 0, n - 1);
        return scratch[(n - 1) / 2];
    }

    /** One run of residuals: divided by their divisor, then frame-of-reference packed with exceptions. */
    private static final class Residuals {
        long[] r = new long[256];
        long[] sorted = new long[256];
        long[] digits = new long[256];
        long[] prefix = new long[257];
        int k;
        long gcd;
        long lo;
        int width;
        int layout = PackedChunk.LAYOUT_1;

        void ensure(int n) {
            if (r.length < n) {
                r = new long[n];
                sorted = new long[n];
                digits = new long[n];
                prefix = new long[n + 1];
            }
        }

        /**
         * Divides {@code r[0, k)} by their greatest common divisor and picks the width and frame
         * of reference of the smallest encoding; returns its cost in bits.
         */
        long plan() {
            long g = 0;
            for (int i = 0; i < k && g != 1; i++) {
                long v = r[i];
                if (v == Long.MIN_VALUE) {
                    g = 1; // no absolute value; a divisor would not help such a run anyway
                } else if (v != 0) {
                    g = gcd(g, Math.abs(v));
                }
            }
            gcd = g == 0 ? 1 : g;
            if (gcd != 1) {
                for (int i = 0; i < k; i++) {
                    r[i] /= gcd;
                }
            }
            System.arraycopy(r, 0, sorted, 0, k);
            Arrays.sort(sorted, 0, k);
            int widest = 64 - Long.numberOfLeadingZeros(sorted[k - 1] - sorted[0]); // the spread is unsigned
            boolean compact = layout == PackedChunk.LAYOUT_2;
            long header = compact ? headerBits(sorted[0]) : 8L * (varintBytes(gcd) + varintBytes(zigzag(sorted[0])) + 1);
            width = widest;
            lo = sorted[0];
            long cost = header + (long) k * widest;
            // what the exceptions below sorted[i] take: a gap byte and the residual's varint each
            long[] below = prefix;
            below[0] = 0;
            for (int i = 0; i < k; i++) {
                below[i + 1] = below[i] + 8 + 8L * varintBytes(zigzag(sorted[i]));
            }
            long all = below[k];
            for (int w = widest - 1; w >= 0; w--) {
                long mask = (1L << w) - 1;
                int bestIn = 0;
                int mostIn = 0;
                long bestOut = Long.MAX_VALUE;
                long bestLo = sorted[0];
                for (int i = 0, j = 0; i < k; i++) {
                    if (j < i) {
                        j = i;
                    }
                    while (j + 1 < k && Long.compareUnsigned(sorted[j + 1] - sorted[i], mask) <= 0) {
                        j++;
                    }
                    long out = below[i] + all - below[j + 1];
                    mostIn = Math.max(mostIn, j - i + 1);
                    if (out < bestOut) {
                        bestOut = out;
                        bestIn = j - i + 1;
                        bestLo = sorted[i];
                    }
                    if (j == k - 1) {
                        break; // windows starting later leave more out
                    }
                }
                long c = compact ? compactCost(w, bestLo) : header + 8 + (long) bestIn * w + bestOut;
                if (c < cost) {
                    cost = c;
                    width = w;
                    lo = bestLo;
                }
                // narrower widths leave at least as many out (at least 16 bits each in layout 2)
                if (compact ? headerBits(0) + 8 + 16L * (k - mostIn) >= cost : header + 8 + bestOut >= cost) {
                    break;
                }
            }
            return cost;
        }

        /** Layout 2: the bits of a run header with frame of reference {@code lo}, without exceptions. */
        private long headerBits(long lo) {
            return 8L * (1 + (gcd == 1 ? 0 : varintBytes(gcd)) + (lo == 0 ? 0 : varintBytes(zigzag(lo))));
        }

        /** Layout 2: the exact bits of the run at width {@code w} (below 64) and frame {@code lo}, as w-bit slots. */
        private long compactCost(int w, long lo) {
            long mask = (1L << w) - 1;
            long bits = headerBits(lo);
            int out = 0;
            for (int i = 0; i < k; i++) {
                long e = sorted[i] - lo;
                if (Long.compareUnsigned(e, mask) > 0) {
                    out++;
                    bits += 8 + 8L * varintBytes(relative(e, 1L << w));
                } else {
                    bits += w;
                }
            }
            return out == 0 ? bits : bits + 8L * varintBytes(out);
        }

        /** Whether every residual is 0 (planned: width 0, no exceptions, frame 0). */
        boolean allZero() {
            return width == 0 && lo == 0 && sorted[0] == 0 && sorted[k - 1] == 0;
        }

        void write(BitWriter meta, BitWriter packed, boolean omitGcd, boolean omitLo) {
            long mask = width == 64 ? -1L : (1L << width) - 1;
            int exceptions = 0;
            long top = 0; // the largest packed offset
            for (int i = 0; i < k; i++) {
                long off = r[i] - lo;
                if (Long.compareUnsigned(off, mask) > 0) {
                    exceptions++;
                } else if (off > top) {
                    top = off;
                }
            }
            int slots = k - exceptions;
            long radix = 0;
            boolean compact = layout == PackedChunk.LAYOUT_2;
            boolean inCode = compact && top + 1 < 128 - SMALL_RADIX_CODES; // layout 2: a small radix needs no varint
            if (width >= 2 && width <= RADIX_MAX_WIDTH && top >= 1
                    && RadixGroups.packedBits(top + 1, slots) + (inCode ? 0 : 8L * varintBytes(top + 1)) < (long) slots * width) {
                radix = top + 1;
            }
            int code = radix == 0 ? width : inCode ? SMALL_RADIX_CODES + (int) radix : RADIX_WIDTH;
            meta.writeByte(code | (exceptions > 0 ? EXCEPTIONS_FLAG : 0));
            if (!omitGcd) {
                meta.writeUvarint(gcd);
            }
            if (!omitLo) {
                meta.writeVarint(lo);
            }
            long span = radix != 0 ? radix : 1L << width; // the window's size: exceptions lie outside [lo, lo + span)
            if (code == RADIX_WIDTH) {
                meta.writeUvarint(radix);
            }
            if (exceptions > 0) {
                meta.writeUvarint(exceptions);
            }
            int previous = -1;
            int d = 0;
            for (int i = 0; i < k; i++) {
                long q = r[i];
                if (Long.compareUnsigned(q - lo, mask) > 0) {
                    meta.writeUvarint(i - previous - 1);
                    if (compact) {
                        meta.writeUvarint(relative(q - lo, span));
                    } else {
                        meta.writeVarint(q);
                    }
                    previous = i;
                } else if (radix != 0) {
                    digits[d++] = q - lo;
                } else {
                    packed.writeBits(q - lo, width);
                }
            }
            if (radix != 0) {
                RadixGroups.write(packed, digits, d, radix);
            }
        }
    }

    /**
     * Layout 2's code of an exception {@code e = q - lo} (wrapping) outside the window
     * {@code [0, span)}: its distance past the window's end, shifted left, or, below the window,
     * its distance under it, shifted left with the low bit set. Most exceptions lie just outside,
     * so their codes are a byte, where the residual itself would take two or more.
     */
    static long relative(long e, long span) {
        return e >= 0 ? (e - span) << 1 : (~e << 1) | 1;
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
