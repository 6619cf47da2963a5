package io.hearth.storage.chunk;

import java.util.Arrays;

/**
 * Float native histograms. Like {@link IntHistogramChunk}, one chunk holds samples of one layout
 * (schema, zero threshold, spans, custom bounds) that, for counter histograms, never go down; a sample that
 * breaks either is refused with a {@link HistogramAppendResult}. Timestamps are deltas of deltas;
 * count, zero count, sum and every bucket count are each their own Gorilla XOR stream. The bit
 * layout is specified in {@code docs/format/chunks.md}.
 */
public final class FloatHistogramChunk implements Chunk {

    /** The number of samples after which the head normally cuts a new chunk. */
    public static final int TARGET_SAMPLES = 120;

    public static final int MAX_SAMPLES = 0xFFFF;

    static final int HEADER_BYTES = 3;

    private BitWriter stream;
    private int numSamples;
    private boolean borrowed; // stream wraps the caller's array: copy before writing
    private final boolean withStarts; // Encoding.FLOAT_HISTOGRAM_ST: every sample keeps its start timestamp

    /** An empty chunk; the first appended sample sets its layout and counter-reset hint. */
    public FloatHistogramChunk() {
        this(false);
    }

    /**
     * An empty chunk; with {@code withStartTimestamps} it is of encoding
     * {@link Encoding#FLOAT_HISTOGRAM_ST} and keeps every sample's start timestamp.
     */
    public FloatHistogramChunk(boolean withStartTimestamps) {
        this.stream = new BitWriter(256);
        this.stream.writeBits(0, 24);
        this.withStarts = withStartTimestamps;
    }

    private FloatHistogramChunk(BitWriter stream, int numSamples, boolean withStarts) {
        this.stream = stream;
        this.numSamples = numSamples;
        this.borrowed = true;
        this.withStarts = withStarts;
    }

    /**
     * Wraps stored bytes without copying them; see {@link Encoding#wrap}.
     *
     * @throws ChunkFormatException if the bytes are shorter than the header
     */
    public static FloatHistogramChunk wrap(byte[] bytes) {
        return wrap(bytes, false);
    }

    /** Wraps stored bytes of encoding {@code FLOAT_HISTOGRAM} or, with {@code withStartTimestamps}, {@code FLOAT_HISTOGRAM_ST}. */
    public static FloatHistogramChunk wrap(byte[] bytes, boolean withStartTimestamps) {
        if (bytes.length < HEADER_BYTES) {
            throw new ChunkFormatException("float histogram chunk of " + bytes.length + " bytes has no header");
        }
        int n = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
        return new FloatHistogramChunk(new BitWriter(bytes, (long) bytes.length << 3), n, withStartTimestamps);
    }

    @Override
    public Encoding encoding() {
        return withStarts ? Encoding.FLOAT_HISTOGRAM_ST : Encoding.FLOAT_HISTOGRAM;
    }

    @Override
    public int numSamples() {
        return numSamples;
    }

    @Override
    public int sizeBytes() {
        return stream.byteLength();
    }

    @Override
    public byte[] bytes() {
        return Arrays.copyOf(stream.array(), stream.byteLength());
    }

    /** The counter-reset hint stored in the header; {@code UNKNOWN} for an empty chunk. */
    public CounterResetHint counterResetHint() {
        return CounterResetHint.of(stream.array()[2] & 0x03);
    }

    @Override
    public ChunkAppender appender() {
        if (borrowed) {
            stream = new BitWriter(Arrays.copyOf(stream.array(), stream.byteLength()), stream.bitLength());
            borrowed = false;
        }
        FloatHistogramAppender a = new FloatHistogramAppender();
        if (numSamples > 0) {
            FloatHistogramIterator it = new FloatHistogramIterator();
            it.reset(stream.array(), 0, stream.byteLength(), withStarts);
            while (it.next()) {
                // decode to the last sample to recover the encoder state
            }
            if (it.err() != null) {
                throw it.err();
            }
            if (it.read != numSamples) {
                throw new ChunkFormatException("float histogram chunk header says " + numSamples
                        + " samples, decoded " + it.read);
            }
            stream.truncateBits(it.in.bitPosition());
            a.resumeFrom(it);
        }
        return a;
    }

    @Override
    public ChunkIterator iterator(ChunkIterator reuse) {
        FloatHistogramIterator it = reuse instanceof FloatHistogramIterator f ? f : new FloatHistogramIterator();
        it.reset(stream.array(), 0, stream.byteLength(), withStarts);
        return it;
    }

    /** The XOR coders of one sample's fields: count, zero count, sum, then every bucket. */
    static final class Streams {
        final XorValues count = new XorValues();
        final XorValues zero = new XorValues();
        final XorValues sum = new XorValues();
        XorValues[] buckets = new XorValues[0];

        void ensureBuckets(int n) {
            if (buckets.length < n) {
                XorValues[] bigger = Arrays.copyOf(buckets, n);
                for (int i = buckets.length; i < n; i++) {
                    bigger[i] = new XorValues();
                }
                buckets = bigger;
            }
        }

        void copyFrom(Streams o, int n) {
            count.copyFrom(o.count);
            zero.copyFrom(o.zero);
            sum.copyFrom(o.sum);
            ensureBuckets(n);
            for (int i = 0; i < n; i++) {
                buckets[i].copyFrom(o.buckets[i]);
            }
        }
    }

    private final class FloatHistogramAppender implements ChunkAppender {
        private CounterResetHint chunkHint = CounterResetHint.UNKNOWN;
        private final FloatHistogram last = new FloatHistogram();
        private final Streams streams = new Streams();
        private long t;
        private long tDelta;
        private final StartTimestamps starts = new StartTimestamps();

        void resumeFrom(FloatHistogramIterator it) {
            chunkHint = it.chunkHint;
            last.copyFrom(it.cur);
            t = it.t;
            tDelta = it.tDelta;
            streams.copyFrom(it.streams, last.positive().bucketCount() + last.negative().bucketCount());
            starts.copyFrom(it.starts);
        }

        @Override
        public void append(long ts, double v) {
            throw new UnsupportedOperationException("float histogram chunks hold histograms, not floats");
        }

        @Override
        public HistogramAppendResult appendFloatHistogram(long ts, FloatHistogram h) {
            return appendFloatHistogram(ts, 0, h);
        }

        @Override
        public HistogramAppendResult appendFloatHistogram(long ts, long st, FloatHistogram h) {
            if (st != 0 && !withStarts) {
                throw new UnsupportedOperationException(
                        "a float histogram chunk keeps no start timestamps; use FLOAT_HISTOGRAM_ST");
            }
            h.validate();
            int n = numSamples;
            if (n >= MAX_SAMPLES) {
                throw new IllegalStateException("float histogram chunk is full at " + MAX_SAMPLES + " samples");
            }
            if (n > 0 && ts <= t) {
                throw new IllegalArgumentException("timestamp " + ts + " is not after the last one, " + t);
            }
            BitWriter w = stream;
            FloatHistogram.Buckets pos = h.positive();
            FloatHistogram.Buckets neg = h.negative();
            if (n == 0) {
                chunkHint = h.counterResetHint();
                w.putByteAt(2, chunkHint.id());
                w.writeVarint(h.schema());
                w.writeBits(Double.doubleToRawLongBits(h.zeroThreshold()), 64);
                SpanList.write(w, pos.spans);
                SpanList.write(w, neg.spans);
                if (h.schema() == IntHistogram.CUSTOM_BUCKETS_SCHEMA) {
                    CustomBounds.write(w, h.customBounds());
                }
                w.writeVarint(ts);
                w.writeBits(h.countBits(), 64);
                w.writeBits(h.zeroCountBits(), 64);
                w.writeBits(h.sumBits(), 64);
                streams.count.reset(h.countBits());
                streams.zero.reset(h.zeroCountBits());
                streams.sum.reset(h.sumBits());
                streams.ensureBuckets(pos.bucketCount() + neg.bucketCount());
                int k = 0;
                for (int i = 0; i < pos.bucketCount(); i++, k++) {
                    w.writeBits(pos.countBits(i), 64);
                    streams.buckets[k].reset(pos.countBits(i));
                }
                for (int i = 0; i < neg.bucketCount(); i++, k++) {
                    w.writeBits(neg.countBits(i), 64);
                    streams.buckets[k].reset(neg.countBits(i));
                }
                tDelta = 0;
            } else {
                boolean gauge = chunkHint == CounterResetHint.GAUGE;
                if (gauge != (h.counterResetHint() == CounterResetHint.GAUGE) || !h.sameLayout(last)) {
                    return HistogramAppendResult.LAYOUT_CHANGED;
                }
                if (!gauge && (h.counterResetHint() == CounterResetHint.COUNTER_RESET || wentDown(h))) {
                    return HistogramAppendResult.COUNTER_RESET;
                }
                long d = ts - t;
                DeltaOfDelta.write(w, d - tDelta);
                tDelta = d;
                streams.count.write(w, h.countBits());
                streams.zero.write(w, h.zeroCountBits());
                streams.sum.write(w, h.sumBits());
                int k = 0;
                for (int i = 0; i < pos.bucketCount(); i++, k++) {
                    streams.buckets[k].write(w, pos.countBits(i));
                }
                for (int i = 0; i < neg.bucketCount(); i++, k++) {
                    streams.buckets[k].write(w, neg.countBits(i));
                }
            }
            if (withStarts) {
                starts.write(w, ts, st);
            }
            last.copyFrom(h);
            t = ts;
            numSamples = n + 1;
            w.putShortAt(0, numSamples);
            return HistogramAppendResult.APPENDED;
        }

        private boolean wentDown(FloatHistogram h) {
            if (h.count() < last.count() || h.zeroCount() < last.zeroCount()) {
                return true;
            }
            for (int i = 0; i < h.positive().bucketCount(); i++) {
                if (h.positive().count(i) < last.positive().count(i)) {
                    return true;
                }
            }
            for (int i = 0; i < h.negative().bucketCount(); i++) {
                if (h.negative().count(i) < last.negative().count(i)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The iterator of float histogram chunks; it can also be pointed directly at a region of a
     * larger buffer with {@link #reset(byte[], int, int)}. Hints are reported as for
     * {@link IntHistogramChunk.HistogramIterator}.
     */
    public static final class FloatHistogramIterator implements ChunkIterator {
        private final BitReader in = new BitReader();
        private final StartTimestamps starts = new StartTimestamps();
        private boolean withStarts;
        private final FloatHistogram cur = new FloatHistogram();
        private final Streams streams = new Streams();
        private CounterResetHint chunkHint = CounterResetHint.UNKNOWN;
        private int total;
        private int read;
        private boolean done;
        private long t;
        private long tDelta;
        private ChunkFormatException err;

        public FloatHistogramIterator() {
            reset(new byte[] {0, 0, 0}, 0, 3);
        }

        /** Points this iterator at the chunk stored in {@code bytes[offset, offset+length)}. */
        public FloatHistogramIterator reset(byte[] bytes, int offset, int length) {
            return reset(bytes, offset, length, false);
        }

        /** Like {@link #reset(byte[], int, int)}, for {@link Encoding#FLOAT_HISTOGRAM_ST} when {@code withStartTimestamps}. */
        public FloatHistogramIterator reset(byte[] bytes, int offset, int length, boolean withStartTimestamps) {
            withStarts = withStartTimestamps;
            starts.reset();
            in.reset(bytes, offset, length);
            read = 0;
            done = false;
            total = 0;
            err = null;
            t = Long.MIN_VALUE;
            try {
                total = in.readUnsignedShort();
                chunkHint = CounterResetHint.of(in.readByte() & 0x03);
            } catch (ChunkFormatException e) {
                err = new ChunkFormatException("float histogram chunk of " + length + " bytes has no header");
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
                    readFirst();
                } else {
                    readNext();
                }
                if (withStarts) {
                    starts.read(in, t);
                }
            } catch (ChunkFormatException e) {
                err = new ChunkFormatException(
                        "float histogram chunk corrupt at sample " + read + " of " + total + ": " + e.getMessage());
                return false;
            }
            read++;
            return true;
        }

        private void readFirst() {
            long schema = in.readVarint();
            if (schema != IntHistogram.CUSTOM_BUCKETS_SCHEMA
                    && (schema < IntHistogram.MIN_SCHEMA || schema > IntHistogram.MAX_SCHEMA)) {
                throw new ChunkFormatException("schema " + schema + " out of range");
            }
            double zeroThreshold = Double.longBitsToDouble(in.readBits(64));
            FloatHistogram.Buckets pos = cur.positive();
            FloatHistogram.Buckets neg = cur.negative();
            pos.clear().resizeCounts(SpanList.read(in, pos.spans));
            neg.clear().resizeCounts(SpanList.read(in, neg.spans));
            if (schema == IntHistogram.CUSTOM_BUCKETS_SCHEMA) {
                CustomBounds.read(in, cur.customBounds());
            } else {
                cur.customBounds().clear();
            }
            t = in.readVarint();
            long countBits = in.readBits(64);
            long zeroBits = in.readBits(64);
            long sumBits = in.readBits(64);
            streams.count.reset(countBits);
            streams.zero.reset(zeroBits);
            streams.sum.reset(sumBits);
            streams.ensureBuckets(pos.bucketCount() + neg.bucketCount());
            int k = 0;
            for (int i = 0; i < pos.bucketCount(); i++, k++) {
                long bits = in.readBits(64);
                pos.setCountBits(i, bits);
                streams.buckets[k].reset(bits);
            }
            for (int i = 0; i < neg.bucketCount(); i++, k++) {
                long bits = in.readBits(64);
                neg.setCountBits(i, bits);
                streams.buckets[k].reset(bits);
            }
            cur.setScalarBits((int) schema, zeroThreshold, zeroBits, countBits, sumBits);
            tDelta = 0;
        }

        private void readNext() {
            tDelta += DeltaOfDelta.read(in);
            t += tDelta;
            streams.count.read(in);
            streams.zero.read(in);
            streams.sum.read(in);
            FloatHistogram.Buckets pos = cur.positive();
            FloatHistogram.Buckets neg = cur.negative();
            int k = 0;
            for (int i = 0; i < pos.bucketCount(); i++, k++) {
                streams.buckets[k].read(in);
                pos.setCountBits(i, streams.buckets[k].bits);
            }
            for (int i = 0; i < neg.bucketCount(); i++, k++) {
                streams.buckets[k].read(in);
                neg.setCountBits(i, streams.buckets[k].bits);
            }
            cur.setScalarBits(cur.schema(), cur.zeroThreshold(), streams.zero.bits, streams.count.bits,
                    streams.sum.bits);
        }

        @Override
        public boolean seek(long target) {
            if (err != null || done) {
                return false;
            }
            if (read > 0 && t >= target) {
                return true;
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
        public long atST() {
            return withStarts ? starts.st : 0;
        }

        @Override
        public double atV() {
            throw new UnsupportedOperationException("float histogram chunk: use atFloatHistogram");
        }

        @Override
        public long atVBits() {
            throw new UnsupportedOperationException("float histogram chunk: use atFloatHistogram");
        }

        @Override
        public FloatHistogram atFloatHistogram(FloatHistogram into) {
            into.copyFrom(cur);
            CounterResetHint hint;
            if (chunkHint == CounterResetHint.GAUGE) {
                hint = CounterResetHint.GAUGE;
            } else if (read == 1) {
                hint = chunkHint;
            } else {
                hint = CounterResetHint.NOT_COUNTER_RESET;
            }
            return into.counterResetHint(hint);
        }

        @Override
        public ChunkFormatException err() {
            return err;
        }
    }
}
