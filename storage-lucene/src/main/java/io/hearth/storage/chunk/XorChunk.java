package io.hearth.storage.chunk;

import java.util.Arrays;

/**
 * Float samples with delta-of-delta timestamps and XOR-compressed values, after the Gorilla paper
 * (Pelkonen et al., VLDB 2015). The exact bit layout is Hearth's own and is specified in
 * {@code docs/format/chunks.md}.
 *
 * <p>Layout: a two-byte big-endian sample count, then a bit stream. The first sample stores its
 * timestamp as a zig-zag varint and its value's 64 raw bits; the second stores the timestamp delta
 * as a varint and its value XOR the first; every later sample stores the delta of deltas in a
 * variable-width bucket and its value XOR the previous value.
 */
public final class XorChunk implements Chunk {

    /** The number of samples after which the head normally cuts a new chunk. */
    public static final int TARGET_SAMPLES = 120;

    /** The most samples the two-byte count can describe. */
    public static final int MAX_SAMPLES = 0xFFFF;

    static final int HEADER_BYTES = 2;

    /** About what the header and the first sample (a varint timestamp, a raw value) take. */
    private static final int FIRST_SAMPLE_BYTES = 16;
    /**
     * Room kept for the next sample: the largest float sample takes 19 bytes (a 68-bit timestamp
     * delta of delta, a 78-bit value); a larger one (start timestamps) grows the stream by half.
     */
    private static final int SAMPLE_ROOM_BYTES = 20;

    private BitWriter stream;
    private int numSamples;
    private boolean borrowed; // stream wraps the caller's array: copy before writing
    private final boolean withStarts; // Encoding.XOR_ST: every sample keeps its start timestamp

    /** An empty chunk, ready for {@link #appender()}. */
    public XorChunk() {
        this(false);
    }

    /**
     * An empty chunk; with {@code withStartTimestamps} it is of encoding {@link Encoding#XOR_ST}
     * and keeps every sample's start timestamp.
     */
    public XorChunk(boolean withStartTimestamps) {
        this.stream = new BitWriter(32); // then grows to a projection of the chunk's size: projectedCapacity
        this.stream.writeBits(0, 16);
        this.withStarts = withStartTimestamps;
    }

    private XorChunk(BitWriter stream, int numSamples, boolean withStarts) {
        this.stream = stream;
        this.numSamples = numSamples;
        this.borrowed = true;
        this.withStarts = withStarts;
    }

    /**
     * Wraps stored bytes without copying them; see {@link Encoding#wrap}. The sample count is read
     * from the header; the rest is decoded lazily by iterators.
     *
     * @throws ChunkFormatException if the bytes are shorter than the header
     */
    public static XorChunk wrap(byte[] bytes) {
        return wrap(bytes, false);
    }

    /** Wraps stored bytes of encoding {@code XOR} or, with {@code withStartTimestamps}, {@code XOR_ST}. */
    public static XorChunk wrap(byte[] bytes, boolean withStartTimestamps) {
        if (bytes.length < HEADER_BYTES) {
            throw new ChunkFormatException("XOR chunk of " + bytes.length + " bytes has no header");
        }
        BitWriter w = new BitWriter(bytes, (long) bytes.length << 3);
        int n = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
        return new XorChunk(w, n, withStartTimestamps);
    }

    @Override
    public Encoding encoding() {
        return withStarts ? Encoding.XOR_ST : Encoding.XOR;
    }

    @Override
    public int numSamples() {
        return numSamples;
    }

    @Override
    public int sizeBytes() {
        return stream.byteLength();
    }

    /** The bytes the stream holds before it grows (its size plus the unused tail). */
    int capacityBytes() {
        return stream.capacity();
    }

    @Override
    public byte[] bytes() {
        return Arrays.copyOf(stream.array(), stream.byteLength());
    }

    @Override
    public ChunkAppender appender() {
        if (borrowed) {
            stream = new BitWriter(Arrays.copyOf(stream.array(), stream.byteLength()), stream.bitLength());
            borrowed = false;
        }
        XorAppender a = new XorAppender();
        if (numSamples > 0) {
            XorIterator it = new XorIterator();
            it.reset(stream.array(), 0, stream.byteLength(), withStarts);
            while (it.next()) {
                // decode to the last sample to recover the encoder state
            }
            if (it.err() != null) {
                throw it.err();
            }
            if (it.read != numSamples) {
                throw new ChunkFormatException("XOR chunk header says " + numSamples + " samples, decoded " + it.read);
            }
            stream.truncateBits(it.in.bitPosition());
            a.t = it.t;
            a.tDelta = it.tDelta;
            a.values.copyFrom(it.values);
            if (withStarts) {
                a.starts.copyFrom(it.starts);
            }
        }
        return a;
    }

    @Override
    public ChunkIterator iterator(ChunkIterator reuse) {
        XorIterator it = reuse instanceof XorIterator x ? x : new XorIterator();
        it.reset(stream.array(), 0, stream.byteLength(), withStarts);
        return it;
    }

    private final class XorAppender implements ChunkAppender {
        long t;
        long tDelta;
        final XorValues values = new XorValues();
        final StartTimestamps starts = withStarts ? new StartTimestamps() : null; // heap per open chunk

        @Override
        public void append(long ts, double v) {
            append(ts, 0, v);
        }

        @Override
        public void append(long ts, long st, double v) {
            if (st != 0 && !withStarts) {
                throw new UnsupportedOperationException("an XOR chunk keeps no start timestamps; use XOR_ST");
            }
            long bits = Double.doubleToRawLongBits(v);
            int n = numSamples;
            if (n >= MAX_SAMPLES) {
                throw new IllegalStateException("XOR chunk is full at " + MAX_SAMPLES + " samples");
            }
            if (n > 0 && ts <= t) {
                throw new IllegalArgumentException("timestamp " + ts + " is not after the last one, " + t);
            }
            BitWriter w = stream;
            if (n == 0) {
                w.writeVarint(ts);
                w.writeBits(bits, 64);
                values.reset(bits);
            } else if (n == 1) {
                tDelta = ts - t;
                w.writeUvarint(tDelta);
                values.write(w, bits);
            } else {
                long delta = ts - t;
                DeltaOfDelta.write(w, delta - tDelta);
                values.write(w, bits);
                tDelta = delta;
            }
            if (withStarts) {
                starts.write(w, ts, st);
            }
            t = ts;
            numSamples = n + 1;
            w.putShortAt(0, numSamples);
            if (numSamples < TARGET_SAMPLES && w.capacity() - w.byteLength() < SAMPLE_ROOM_BYTES) {
                w.ensureCapacity(projectedCapacity(w.byteLength(), w.capacity(), n + 1));
            }
        }
    }

    /**
     * The capacity to grow an open chunk's stream to once fewer than {@link #SAMPLE_ROOM_BYTES}
     * are left: room for the rest of a {@link #TARGET_SAMPLES}-sample chunk at the mean size of
     * the samples after the first so far, plus a sixteenth. The open chunk's unused tail is heap
     * that every active series pays for, and growing by a fixed factor left a sixth of it unused
     * on average; growing to the projection leaves a few bytes. Bounded by twice the capacity
     * (an early projection is rough); after the first sample only the room for one more (nothing
     * to project from yet). The appender grows nothing ahead once the chunk holds the target (the
     * head cuts it then); a longer chunk grows by half when a sample does not fit.
     */
    static int projectedCapacity(int bytes, int capacity, int samples) {
        int floor = bytes + SAMPLE_ROOM_BYTES;
        if (samples < 2 || samples >= TARGET_SAMPLES) {
            return floor;
        }
        long later = Math.max(0, bytes - FIRST_SAMPLE_BYTES);
        long rest = (later * (TARGET_SAMPLES - samples) + samples - 2) / (samples - 1);
        long projected = bytes + rest + (rest >> 4) + 4;
        return (int) Math.max(floor, Math.min(projected, 2L * capacity));
    }

    /**
     * The iterator of XOR chunks. Besides {@link Chunk#iterator}, it can be pointed directly at a
     * region of a larger buffer (a chunk file page) with {@link #reset(byte[], int, int)}.
     */
    public static final class XorIterator implements ChunkIterator {
        private final BitReader in = new BitReader();
        private final StartTimestamps starts = new StartTimestamps();
        private boolean withStarts;
        private int total;
        private int read;
        private boolean done;
        private long t;
        private long tDelta;
        private final XorValues values = new XorValues();
        private ChunkFormatException err;

        public XorIterator() {
            reset(new byte[] {0, 0}, 0, 2);
        }

        /** Points this iterator at the XOR chunk stored in {@code bytes[offset, offset+length)}. */
        public XorIterator reset(byte[] bytes, int offset, int length) {
            return reset(bytes, offset, length, false);
        }

        /** Like {@link #reset(byte[], int, int)}, for {@link Encoding#XOR_ST} when {@code withStartTimestamps}. */
        public XorIterator reset(byte[] bytes, int offset, int length, boolean withStartTimestamps) {
            withStarts = withStartTimestamps;
            starts.reset();
            in.reset(bytes, offset, length);
            read = 0;
            done = false;
            t = Long.MIN_VALUE;
            tDelta = 0;
            values.reset(0);
            err = null;
            total = 0;
            try {
                total = in.readUnsignedShort();
            } catch (ChunkFormatException e) {
                err = new ChunkFormatException("XOR chunk of " + length + " bytes has no header");
            }
            return this;
        }

        @Override
        public boolean next() {
            if (err != null || done) {
                return false;
            }
            if (read >= total) {
                done = true;
                return false;
            }
            try {
                if (read == 0) {
                    t = in.readVarint();
                    values.reset(in.readBits(64));
                } else if (read == 1) {
                    tDelta = in.readUvarint();
                    t += tDelta;
                    values.read(in);
                } else {
                    tDelta += DeltaOfDelta.read(in);
                    t += tDelta;
                    values.read(in);
                }
                if (withStarts) {
                    starts.read(in, t);
                }
            } catch (ChunkFormatException e) {
                err = new ChunkFormatException(
                        "XOR chunk corrupt at sample " + read + " of " + total + ": " + e.getMessage());
                return false;
            }
            read++;
            return true;
        }

        /** Whether the chunk keeps start timestamps ({@link Encoding#XOR_ST}); {@link #copyUpTo} reads only chunks without. */
        public boolean hasStartTimestamps() {
            return withStarts;
        }

        /** The samples not yet stepped over (0 once exhausted or on error). */
        public int remaining() {
            return err != null || done ? 0 : total - read;
        }

        /**
         * Batch read for queries: steps on as repeated {@link #next()} calls would over the samples
         * with timestamps {@code <= maxT}, copying each into {@code tsOut}/{@code vOut} from
         * {@code at} (room for {@link #remaining()} must be there). The last one copied becomes
         * current, so {@code next()} goes on after it; nothing moves when none qualifies. A sample
         * that does not decode is left to {@code next()}, which reports it as always.
         *
         * <p>The samples after the second are decoded in one loop with the bit position and the
         * decoder state (timestamp, delta, value, XOR window) in local variables, reading a
         * sample's fields out of one 64-bit load while its 57 sure bits hold them (a regular
         * timestamp and a value of up to 40-odd meaningful bits), else out of another, instead of
         * a call through the bit reader per field; the state goes back into the fields once, at
         * the end.
         *
         * @return how many samples were copied
         * @throws IllegalStateException for a chunk with start timestamps
         */
        public int copyUpTo(long maxT, long[] tsOut, double[] vOut, int at) {
            if (withStarts) {
                throw new IllegalStateException("the batch read takes chunks without start timestamps");
            }
            return run(maxT, tsOut, vOut, at);
        }

        /** {@link #copyUpTo}, or with {@code tsOut == null} a skip over those samples that copies nothing. */
        private int run(long maxT, long[] tsOut, double[] vOut, int at) {
            int n = 0;
            while (read < 2) {
                // the first two samples are varint coded: stepped one by one, and undone if past maxT
                if (err != null || done || read >= total) {
                    return n;
                }
                long pos = in.bitPosition();
                long t0 = t;
                long delta0 = tDelta;
                long bits0 = values.bits;
                int leading0 = values.leading;
                int trailing0 = values.trailing;
                boolean ok = next();
                if (!ok || t > maxT) {
                    // a sample past maxT is not taken, and one that does not decode is left to next()
                    err = null;
                    in.bitPosition(pos);
                    t = t0;
                    tDelta = delta0;
                    values.bits = bits0;
                    values.leading = leading0;
                    values.trailing = trailing0;
                    if (ok) {
                        read--;
                    }
                    return n;
                }
                if (tsOut != null) {
                    tsOut[at + n] = t;
                    vOut[at + n] = Double.longBitsToDouble(values.bits);
                }
                n++;
            }
            if (err != null || done) {
                return n;
            }
            byte[] b = in.array();
            long limit = in.bitLimit();
            long pos = in.bitPosition();
            long ts = t;
            long delta = tDelta;
            long bits = values.bits;
            int leading = values.leading;
            int trailing = values.trailing;
            int i = read;
            int end = total;
            int o = at + n;
            while (i < end) {
                long p = pos;
                // timestamp: delta of delta behind a prefix of 1 to 4 bits (DeltaOfDelta); the
                // arithmetic shifts sign-extend the 7, 14 and 20 bit fields
                long w = BitReader.window(b, p);
                long dod;
                int used;
                if (w >= 0) {
                    dod = 0;
                    used = 1;
                } else if (w << 1 >= 0) {
                    dod = (w << 2) >> (64 - DeltaOfDelta.BITS_1);
                    used = 2 + DeltaOfDelta.BITS_1;
                } else if (w << 2 >= 0) {
                    dod = (w << 3) >> (64 - DeltaOfDelta.BITS_2);
                    used = 3 + DeltaOfDelta.BITS_2;
                } else if (w << 3 >= 0) {
                    dod = (w << 4) >> (64 - DeltaOfDelta.BITS_3);
                    used = 4 + DeltaOfDelta.BITS_3;
                } else {
                    dod = BitReader.bitsAt(b, p + 4, 64);
                    used = 4 + 64;
                }
                p += used;
                long nDelta = delta + dod;
                long nTs = ts + nDelta;
                // value: 0 (unchanged), 10 + the bits in the previous window, or 11 + 6-bit
                // leading zeros + 6-bit length - 1 + the bits (XorValues); read on from the same
                // load while it holds them (room: its valid bits left), else from the next
                long nBits = bits;
                int nLeading = leading;
                int nTrailing = trailing;
                int room;
                if (used <= 4 + DeltaOfDelta.BITS_3) {
                    w <<= used;
                    room = 57 - used;
                } else {
                    w = BitReader.window(b, p);
                    room = 57;
                }
                if (w >= 0) {
                    p += 1;
                } else if (w << 1 >= 0) {
                    if (leading < 0) {
                        break; // no window yet: corrupt, next() says so
                    }
                    int sig = 64 - leading - trailing;
                    long x = sig <= room - 2 ? (w << 2) >>> (64 - sig) : BitReader.bitsAt(b, p + 2, sig);
                    nBits = bits ^ (x << trailing);
                    p += 2 + sig;
                } else {
                    nLeading = (int) ((w << 2) >>> 58);
                    int sig = (int) ((w << 8) >>> 58) + 1;
                    if (nLeading + sig > 64) {
                        break; // corrupt: next() says so
                    }
                    nTrailing = 64 - nLeading - sig;
                    long x = sig <= room - 14 ? (w << 14) >>> (64 - sig) : BitReader.bitsAt(b, p + 14, sig);
                    nBits = bits ^ (x << nTrailing);
                    p += 14 + sig;
                }
                if (p > limit || nTs > maxT) {
                    break; // past the chunk's bytes (next() reports it) or past maxT: not taken
                }
                if (tsOut != null) {
                    tsOut[o] = nTs;
                    vOut[o] = Double.longBitsToDouble(nBits);
                }
                o++;
                i++;
                pos = p;
                ts = nTs;
                delta = nDelta;
                bits = nBits;
                leading = nLeading;
                trailing = nTrailing;
            }
            in.bitPosition(pos);
            t = ts;
            tDelta = delta;
            values.bits = bits;
            values.leading = leading;
            values.trailing = trailing;
            read = i;
            return o - at;
        }

        @Override
        public boolean seek(long target) {
            if (err != null || done) {
                return false;
            }
            if (read > 0 && t >= target) {
                return true;
            }
            if (!withStarts && target != Long.MIN_VALUE) {
                run(target - 1, null, null, 0); // the samples before target, in the batch read's loop
            }
            while (next()) {
                if (t >= target) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public long atT() {
            return t;
        }

        @Override
        public double atV() {
            return Double.longBitsToDouble(values.bits);
        }

        @Override
        public long atVBits() {
            return values.bits;
        }

        @Override
        public long atST() {
            return withStarts ? starts.st : 0;
        }

        @Override
        public ChunkFormatException err() {
            return err;
        }
    }
}
