package io.hearth.storage.chunk;

/**
 * Decodes one column written by {@link PackedColumnWriter}. A reusable view over the chunk's
 * bytes: {@link #open} parses the header and steps over the exceptions, which are then read from
 * their own cursor as their positions come up, and {@link #decodeAll} fills an array in one tight
 * loop per run; nothing is allocated.
 */
final class PackedColumnReader {

    private final Residuals first = new Residuals();
    private final Residuals second = new Residuals();

    private long x0;
    private int mode;
    private long delta; // deltas of deltas: the current delta; grid: the step
    private int firstBytes;
    private int packedBytes;

    /**
     * Reads the header of a column of {@code n} values from {@code meta}, leaving it after the
     * column's exceptions, and returns how many bytes its packed offsets take. {@code base} is what
     * the writer subtracted from the first value (0 for a self-contained column); {@code layout}
     * the chunk's run layout ({@link PackedChunk#LAYOUT_1} or {@link PackedChunk#LAYOUT_2}).
     */
    int open(BitReader meta, byte[] bytes, int end, int n, long base, int layout) {
        return openWithoutFirst(meta, bytes, end, n, base + meta.readVarint(), layout);
    }

    /** Reads the header of a column written without its first value ({@code x0}, known to the reader). */
    int openWithoutFirst(BitReader meta, byte[] bytes, int end, int n, long x0, int layout) {
        this.x0 = x0;
        mode = PackedColumnWriter.DELTA;
        firstBytes = 0;
        packedBytes = 0;
        if (n == 1) {
            return 0;
        }
        mode = meta.readByte();
        int flags = 0; // layout 2: which run header fields are left out
        if (layout == PackedChunk.LAYOUT_2) {
            flags = mode & ~PackedColumnWriter.MODE_MASK;
            mode &= PackedColumnWriter.MODE_MASK;
            if (flags > 0x7F) {
                throw new ChunkFormatException("packed column mode byte with unknown flags " + flags);
            }
        } else if (layout != PackedChunk.LAYOUT_1) {
            throw new ChunkFormatException("no packed run layout " + layout);
        }
        boolean relative = layout == PackedChunk.LAYOUT_2;
        int residuals = n - 1;
        switch (mode) {
            case PackedColumnWriter.DELTA, PackedColumnWriter.PLAIN -> delta = 0;
            case PackedColumnWriter.DELTA_OF_DELTA -> {
                delta = meta.readVarint();
                residuals = n - 2;
            }
            case PackedColumnWriter.GRID, PackedColumnWriter.FULL_GRID -> delta = meta.readUvarint();
            default -> throw new ChunkFormatException("unknown packed column mode " + mode);
        }
        firstBytes = mode == PackedColumnWriter.FULL_GRID ? bytes(first.none(residuals))
                : bytes(first.open(meta, bytes, end, residuals, (flags & PackedColumnWriter.FIRST_GCD_ONE) != 0,
                        (flags & PackedColumnWriter.FIRST_LO_ZERO) != 0, relative));
        packedBytes = firstBytes;
        if (mode == PackedColumnWriter.GRID || mode == PackedColumnWriter.FULL_GRID) {
            packedBytes += bytes(second.open(meta, bytes, end, residuals, (flags & PackedColumnWriter.SECOND_GCD_ONE) != 0,
                    (flags & PackedColumnWriter.SECOND_LO_ZERO) != 0, relative));
        }
        return packedBytes;
    }

    private static int bytes(long bits) {
        if (bits > (long) Integer.MAX_VALUE << 3) {
            throw new ChunkFormatException("packed column of " + bits + " bits");
        }
        return (int) ((bits + 7) >>> 3);
    }

    /** Points the packed offsets at {@code bytes[offset, offset + open's result)}. */
    void packedAt(byte[] bytes, int offset) {
        first.packed.reset(bytes, offset, firstBytes);
        if (mode == PackedColumnWriter.GRID || mode == PackedColumnWriter.FULL_GRID) {
            second.packed.reset(bytes, offset + firstBytes, packedBytes - firstBytes);
        }
    }

    /**
     * Decodes all {@code n} values into {@code out[0, n)}, after {@link #open} and
     * {@link #packedAt}; {@code scratch} must hold {@code n} too (a grid's second run).
     */
    void decodeAll(long[] out, long[] scratch, int n) {
        out[0] = x0;
        if (n == 1) {
            return;
        }
        switch (mode) {
            case PackedColumnWriter.DELTA -> {
                first.fill(out, 1, n - 1);
                for (int i = 1; i < n; i++) {
                    out[i] += out[i - 1];
                }
            }
            case PackedColumnWriter.PLAIN -> first.fill(out, 1, n - 1);
            case PackedColumnWriter.DELTA_OF_DELTA -> {
                long d = delta;
                out[1] = x0 + d;
                first.fill(out, 2, n - 2);
                for (int i = 2; i < n; i++) {
                    d += out[i];
                    out[i] = out[i - 1] + d;
                }
            }
            default -> {
                if (mode == PackedColumnWriter.GRID) {
                    first.fill(scratch, 1, n - 1);
                } else {
                    java.util.Arrays.fill(scratch, 1, n, 0);
                }
                second.fill(out, 1, n - 1);
                long step = delta;
                long s = 0;
                for (int i = 1; i < n; i++) {
                    s += scratch[i] + 1;
                    out[i] += x0 + s * step;
                }
            }
        }
    }

    /** One run of residuals: exceptions from their list, the rest frame-of-reference packed. */
    private static final class Residuals {
        final BitReader exceptions = new BitReader();
        final BitReader packed = new BitReader();
        long gcd;
        long lo;
        int width;
        int exceptionsLeft;
        int nextException; // index of the next exception, or -1
        long exceptionValue;
        boolean relative; // layout 2: exceptions are coded against the window [lo, lo + span)
        long span;
        int index; // of the next residual
        long radix; // 0: w-bit offsets; else base-radix groups (RadixGroups)
        double inverse; // 1 / radix
        int groupSize;
        int groupBits;
        int slotsLeft; // packed offsets not yet loaded into a group
        long group; // the digits of the current group not yet taken
        int digitsLeft;

        /** A run of {@code count} zeros, not stored; returns its packed bits, 0. */
        long none(int count) {
            index = 0;
            gcd = 1;
            lo = 0;
            width = 0;
            exceptionsLeft = 0;
            nextException = -1;
            radix = 0;
            relative = false;
            return 0;
        }

        /**
         * Reads the run's header (without the divisor or frame of reference when {@code gcdOne} or
         * {@code loZero} says they are 1 and 0) and steps {@code meta} over its exceptions, coded
         * against the window when {@code relative}; returns its packed bits.
         */
        long open(BitReader meta, byte[] bytes, int end, int count, boolean gcdOne, boolean loZero, boolean relative) {
            index = 0;
            int flags = meta.readByte();
            width = flags & ~PackedColumnWriter.EXCEPTIONS_FLAG;
            radix = 0;
            boolean radixFollows = width == PackedColumnWriter.RADIX_WIDTH;
            if (radixFollows) {
                width = 0;
            } else if (relative && width > PackedColumnWriter.RADIX_WIDTH) { // layout 2: a radix below 64 in the code
                radix = width - PackedColumnWriter.SMALL_RADIX_CODES;
                width = 0;
            } else if (width > 64) {
                throw new ChunkFormatException("packed column width " + width + " exceeds 64");
            }
            gcd = gcdOne ? 1 : meta.readUvarint();
            lo = loZero ? 0 : meta.readVarint();
            if (radixFollows) {
                radix = meta.readUvarint();
                if (radix < 2 || radix > RadixGroups.LIMIT) {
                    throw new ChunkFormatException("packed column radix " + radix);
                }
            }
            this.relative = relative;
            span = radix != 0 ? radix : 1L << width;
            int c = (flags & PackedColumnWriter.EXCEPTIONS_FLAG) != 0 ? (int) meta.readUvarint() : 0;
            if (c < 0 || c > count) {
                throw new ChunkFormatException("packed column with " + c + " exceptions in " + count + " residuals");
            }
            int at = (int) (meta.bitPosition() >>> 3);
            exceptions.reset(bytes, at, end - at);
            for (int i = 0; i < c; i++) {
                meta.readUvarint();
                meta.readVarint();
            }
            exceptionsLeft = c;
            load(-1);
            if (radix != 0) {
                inverse = 1.0 / radix;
                groupSize = RadixGroups.groupSize(radix);
                groupBits = RadixGroups.groupBits(radix, groupSize);
                slotsLeft = count - c;
                digitsLeft = 0;
                return RadixGroups.packedBits(radix, count - c);
            }
            return (long) (count - c) * width;
        }

        private void load(int previous) {
            if (exceptionsLeft == 0) {
                nextException = -1;
                return;
            }
            exceptionsLeft--;
            nextException = previous + 1 + (int) exceptions.readUvarint();
            if (relative) {
                long u = exceptions.readUvarint();
                exceptionValue = lo + ((u & 1) == 0 ? (u >>> 1) + span : ~(u >>> 1));
            } else {
                exceptionValue = exceptions.readVarint();
            }
        }

        /** Decodes the next {@code k} residuals into {@code out[from, from + k)}. */
        void fill(long[] out, int from, int k) {
            if (radix != 0) {
                fillRadix(out, from, k);
                return;
            }
            // the runs of packed offsets between exceptions, each in a loop of its own with the bit
            // position in a local and one 64-bit load per offset (BitReader.window), bounds checked
            // once per run: a call through the bit reader per offset was most of a packed decode
            int end = from + k;
            int w = width;
            long g = gcd;
            long base = lo;
            byte[] b = packed.array();
            long pos = packed.bitPosition();
            long limit = packed.bitLimit();
            int i = from;
            while (i < end) {
                int runEnd = nextException < index ? end : (int) Math.min(end, (long) i + nextException - index); // one passed never comes
                if (pos + (long) (runEnd - i) * w > limit) {
                    throw new ChunkFormatException("unexpected end of chunk data");
                }
                index += runEnd - i;
                if (w == 0) {
                    for (; i < runEnd; i++) {
                        out[i] = base * g;
                    }
                } else if (w <= 57) {
                    int shift = 64 - w;
                    for (; i < runEnd; i++) {
                        out[i] = (base + (BitReader.window(b, pos) >>> shift)) * g;
                        pos += w;
                    }
                } else {
                    for (; i < runEnd; i++) {
                        out[i] = (base + BitReader.bitsAt(b, pos, w)) * g;
                        pos += w;
                    }
                }
                if (i < end) { // on an exception
                    out[i++] = exceptionValue * g;
                    load(index++);
                }
            }
            packed.bitPosition(pos);
        }

        private void fillRadix(long[] out, int from, int k) {
            int end = from + k;
            long g = gcd;
            long base = lo;
            long r = radix;
            double inv = inverse;
            long v = group;
            int left = digitsLeft;
            BitReader in = packed;
            for (int i = from; i < end; i++) {
                long q;
                if (index++ == nextException) {
                    q = exceptionValue;
                    load(index - 1);
                } else {
                    if (left == 0) {
                        left = Math.min(groupSize, slotsLeft);
                        slotsLeft -= left;
                        v = in.readBits(left == groupSize ? groupBits : RadixGroups.groupBits(r, left));
                    }
                    // v < 2^52 is exact in a double, so the quotient is off by at most one
                    long quotient = (long) (v * inv);
                    long digit = v - quotient * r;
                    if (digit < 0) {
                        quotient--;
                        digit += r;
                    } else if (digit >= r) {
                        quotient++;
                        digit -= r;
                    }
                    v = quotient;
                    left--;
                    q = base + digit;
                }
                out[i] = q * g;
            }
            group = v;
            digitsLeft = left;
        }
    }
}
