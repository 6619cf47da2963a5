package io.hearth.storage.chunk;

import java.util.Arrays;

/**
 * Float samples of an immutable block, written whole by {@link PackedChunkWriter} (one chunk per
 * series per block instead of Gorilla's 120-sample chunks): timestamps as a column of
 * frame-of-reference bit-packed deltas (or deltas of deltas) with exceptions, values as
 * decimal-scaled integers packed the same way with non-decimal values (stale markers, NaN, ±Inf,
 * -0.0) kept raw, or as the XOR stream when that is smaller. Values round-trip bit for bit. Layout
 * in {@code docs/format/chunks.md}.
 *
 * <p>Such a chunk is never appended to: {@link #appender()} refuses. The head keeps writing
 * {@link XorChunk}s; blocks re-encode into this.
 */
public final class PackedChunk implements Chunk {

    /**
     * The first run layout: every run header holds its divisor and frame of reference, and an
     * exception holds its residual (over the divisor) whole. What {@link #wrap} reads, and what
     * blocks wrote up to chunk stream version 2.
     */
    public static final int LAYOUT_1 = 1;
    /**
     * The second run layout (chunk stream version 3): a column's mode byte says which runs have
     * divisor 1 or frame of reference 0, which their headers then leave out, and an exception
     * holds its distance from the run's window ({@code docs/format/chunks.md}), a byte where the
     * residual took two or three; the first timestamp is not stored, the reader's base is it.
     */
    public static final int LAYOUT_2 = 2;

    /** The most samples one packed chunk holds (a sanity bound for decoding as much as a limit). */
    public static final int MAX_SAMPLES = 1 << 20;

    private final byte[] bytes;
    private final int numSamples;

    private PackedChunk(byte[] bytes, int numSamples) {
        this.bytes = bytes;
        this.numSamples = numSamples;
    }

    /**
     * Wraps stored bytes without copying them; see {@link Encoding#wrap}.
     *
     * @throws ChunkFormatException if the bytes do not start with a valid sample count
     */
    public static PackedChunk wrap(byte[] bytes) {
        BitReader in = new BitReader();
        in.reset(bytes, 0, bytes.length);
        long n = in.readUvarint();
        if (n < 1 || n > MAX_SAMPLES) {
            throw new ChunkFormatException("packed chunk with " + n + " samples");
        }
        return new PackedChunk(bytes, (int) n);
    }

    @Override
    public Encoding encoding() {
        return Encoding.PACKED;
    }

    @Override
    public int numSamples() {
        return numSamples;
    }

    @Override
    public int sizeBytes() {
        return bytes.length;
    }

    @Override
    public byte[] bytes() {
        return Arrays.copyOf(bytes, bytes.length);
    }

    /**
     * Refuses: a packed chunk is written whole by {@link PackedChunkWriter}.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public ChunkAppender appender() {
        throw new UnsupportedOperationException("packed chunks are immutable; encode them whole with PackedChunkWriter");
    }

    @Override
    public ChunkIterator iterator(ChunkIterator reuse) {
        PackedIterator it = reuse instanceof PackedIterator p ? p : new PackedIterator();
        return it.reset(bytes, 0, bytes.length);
    }

    /** The iterator of packed chunks; can be pointed at a region of a larger buffer. */
    public static final class PackedIterator implements ChunkIterator {
        private final BitReader meta = new BitReader();
        private final BitReader specials = new BitReader();
        private final BitReader xor = new BitReader();
        private final PackedColumnReader times = new PackedColumnReader();
        private final PackedColumnReader mantissas = new PackedColumnReader();
        private final XorValues xorValues = new XorValues();

        private int total;
        private int read;
        private boolean done;
        private boolean decimal;
        private boolean raw; // values are a column of their raw bits
        private double divisor;
        private int specialsLeft;
        private int nextSpecial;
        private long specialBits;
        private long[] ts = new long[128];
        private long[] vs = new long[128];
        private long[] scratch = new long[128];
        private long t;
        private long bits;
        private ChunkFormatException err;
        private int valueDataBytes;

        /** An iterator over no chunk yet; {@link #reset} points it at one. */
        public PackedIterator() {
            done = true;
        }

        /** Points this iterator at the packed chunk stored in {@code bytes[offset, offset + length)}. */
        public PackedIterator reset(byte[] bytes, int offset, int length) {
            return reset(bytes, offset, length, 0);
        }

        /**
         * Points this iterator at a packed chunk whose first timestamp was written relative to
         * {@code timeBase} ({@link PackedChunkWriter#encode(long[], long[], int, long)}).
         */
        public PackedIterator reset(byte[] bytes, int offset, int length, long timeBase) {
            return reset(bytes, offset, length, timeBase, LAYOUT_1);
        }

        /**
         * Points this iterator at a packed chunk written in run layout {@code layout}
         * ({@link PackedChunkWriter#encode(long[], long[], int, long, int)}).
         */
        public PackedIterator reset(byte[] bytes, int offset, int length, long timeBase, int layout) {
            read = 0;
            total = 0;
            done = false;
            err = null;
            int end = offset + length;
            raw = false;
            try {
                meta.reset(bytes, offset, length);
                long n = meta.readUvarint();
                if (n < 1 || n > MAX_SAMPLES) {
                    throw new ChunkFormatException("packed chunk with " + n + " samples");
                }
                int count = (int) n;
                // layout 2 takes the base as the first timestamp, which it does not store
                int timeBytes = layout == LAYOUT_2 ? times.openWithoutFirst(meta, bytes, end, count, timeBase, layout)
                        : times.open(meta, bytes, end, count, timeBase, layout);
                int kind = meta.readByte();
                int valueBytes = 0;
                boolean specialsFlag = layout == LAYOUT_2 && (kind & ~PackedChunkWriter.DECIMAL_EXPONENT_BITS) == PackedChunkWriter.DECIMAL_SPECIALS;
                int exponent = specialsFlag ? kind & PackedChunkWriter.DECIMAL_EXPONENT_BITS : kind;
                if (exponent <= DecimalScale.MAX_EXPONENT) {
                    decimal = true;
                    divisor = DecimalScale.POW10[exponent];
                    // layout 2 stores the count of specials only when the kind byte says there are some
                    int s = layout == LAYOUT_2 && !specialsFlag ? 0 : (int) meta.readUvarint();
                    if (s < 0 || s > count) {
                        throw new ChunkFormatException(s + " specials in " + count + " samples");
                    }
                    int at = (int) (meta.bitPosition() >>> 3);
                    specials.reset(bytes, at, end - at);
                    for (int i = 0; i < s; i++) {
                        meta.readUvarint();
                        meta.readBits(64);
                    }
                    specialsLeft = s;
                    loadSpecial(-1);
                    valueBytes = mantissas.open(meta, bytes, end, count, 0, layout);
                } else if (kind == PackedChunkWriter.VALUES_RAW) {
                    decimal = false;
                    raw = true;
                    valueBytes = mantissas.open(meta, bytes, end, count, 0, layout);
                } else if (kind == PackedChunkWriter.VALUES_XOR) {
                    decimal = false;
                } else {
                    throw new ChunkFormatException("unknown packed value kind " + kind);
                }
                int timeAt = (int) (meta.bitPosition() >>> 3);
                int valueAt = timeAt + timeBytes;
                if (valueAt < timeAt || valueAt > end) {
                    throw new ChunkFormatException("packed timestamps run past the chunk's end");
                }
                times.packedAt(bytes, timeAt);
                if (decimal || raw) {
                    if (valueAt + valueBytes > end || valueAt + valueBytes < valueAt) {
                        throw new ChunkFormatException("packed values run past the chunk's end");
                    }
                    mantissas.packedAt(bytes, valueAt);
                    valueDataBytes = valueBytes;
                } else {
                    xor.reset(bytes, valueAt, end - valueAt);
                    valueDataBytes = end - valueAt;
                }
                decode(count);
                total = count;
            } catch (ChunkFormatException e) {
                err = new ChunkFormatException("packed chunk of " + length + " bytes: " + e.getMessage());
            } catch (IndexOutOfBoundsException e) {
                err = new ChunkFormatException("packed chunk of " + length + " bytes is truncated");
            }
            if (err != null) {
                total = 0;
                done = true;
            }
            return this;
        }

        /** Decodes every sample at once: tight loops per column, then {@link #next} only steps. */
        private void decode(int n) {
            if (ts.length < n) {
                int size = Math.max(n, ts.length * 2);
                ts = new long[size];
                vs = new long[size];
                scratch = new long[size];
            }
            times.decodeAll(ts, scratch, n);
            if (decimal) {
                mantissas.decodeAll(vs, scratch, n);
                double d = divisor;
                for (int i = 0; i < n; i++) {
                    vs[i] = Double.doubleToRawLongBits(vs[i] / d);
                }
                while (nextSpecial >= 0) {
                    if (nextSpecial >= n) {
                        throw new ChunkFormatException("special value at sample " + nextSpecial + " of " + n);
                    }
                    vs[nextSpecial] = specialBits;
                    loadSpecial(nextSpecial);
                }
            } else if (raw) {
                mantissas.decodeAll(vs, scratch, n);
            } else {
                xorValues.reset(xor.readBits(64));
                vs[0] = xorValues.bits;
                for (int i = 1; i < n; i++) {
                    xorValues.read(xor);
                    vs[i] = xorValues.bits;
                }
            }
        }

        /** The bytes of the packed values or XOR stream of the chunk last reset to (for analyses). */
        int valueDataBytes() {
            return valueDataBytes;
        }

        private void loadSpecial(int previous) {
            if (specialsLeft == 0) {
                nextSpecial = -1;
                return;
            }
            specialsLeft--;
            nextSpecial = previous + 1 + (int) specials.readUvarint();
            specialBits = specials.readBits(64);
        }

        @Override
        public boolean next() {
            int i = read;
            if (i >= total) {
                done = true;
                return false;
            }
            t = ts[i];
            bits = vs[i];
            read = i + 1;
            return true;
        }

        /** The samples after the current one (all of them before the first {@link #next()}). */
        public int remaining() {
            return total - read;
        }

        /**
         * Batch read for queries: steps on as repeated {@link #next()} calls would over the samples
         * with timestamps {@code <= maxT}, copying each into {@code tsOut}/{@code vOut} from
         * {@code at} (room for {@link #remaining()} must be there). The last one copied becomes
         * current, so {@code next()} goes on after it; nothing moves when none qualifies.
         *
         * @return how many samples were copied
         */
        public int copyUpTo(long maxT, long[] tsOut, double[] vOut, int at) {
            int from = read;
            int end = from;
            while (end < total && ts[end] <= maxT) {
                end++;
            }
            int n = end - from;
            if (n == 0) {
                return 0;
            }
            System.arraycopy(ts, from, tsOut, at, n);
            long[] bitsIn = vs;
            for (int i = 0; i < n; i++) {
                vOut[at + i] = Double.longBitsToDouble(bitsIn[from + i]);
            }
            read = end;
            t = ts[end - 1];
            bits = vs[end - 1];
            return n;
        }

        @Override
        public boolean seek(long target) {
            if (done) {
                return false;
            }
            if (read > 0 && t >= target) {
                return true;
            }
            int i = java.util.Arrays.binarySearch(ts, read, total, target);
            read = i >= 0 ? i : -i - 1;
            return next();
        }

        @Override
        public long atT() {
            return t;
        }

        @Override
        public double atV() {
            return Double.longBitsToDouble(bits);
        }

        @Override
        public long atVBits() {
            return bits;
        }

        @Override
        public ChunkFormatException err() {
            return err;
        }
    }
}
