package io.hearth.storage.chunk;

import java.util.Arrays;

/**
 * Integer native histograms. One chunk holds samples that share a layout (schema, zero threshold,
 * positive and negative spans, and the bounds of custom buckets) and, for counter histograms, never go down. A sample that breaks
 * either is refused with a {@link HistogramAppendResult} and goes into a new chunk. The bit layout
 * is Hearth's own and is specified in {@code docs/format/chunks.md}.
 *
 * <p>Layout: a two-byte sample count, a one-byte {@link CounterResetHint}, then a bit stream: the
 * layout once, and per sample the timestamp, count, zero count and every bucket count as deltas
 * of deltas (the first sample absolute), and the sum XOR the previous sum.
 */
public final class IntHistogramChunk implements Chunk {

    /** The number of samples after which the head normally cuts a new chunk. */
    public static final int TARGET_SAMPLES = 120;

    public static final int MAX_SAMPLES = 0xFFFF;

    static final int HEADER_BYTES = 3;

    private BitWriter stream;
    private int numSamples;
    private boolean borrowed; // stream wraps the caller's array: copy before writing

    /** An empty chunk; the first appended sample sets its layout and counter-reset hint. */
    public IntHistogramChunk() {
        this.stream = new BitWriter(256);
        this.stream.writeBits(0, 24);
    }

    private IntHistogramChunk(BitWriter stream, int numSamples) {
        this.stream = stream;
        this.numSamples = numSamples;
        this.borrowed = true;
    }

    /**
     * Wraps stored bytes without copying them; see {@link Encoding#wrap}.
     *
     * @throws ChunkFormatException if the bytes are shorter than the header
     */
    public static IntHistogramChunk wrap(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            throw new ChunkFormatException("histogram chunk of " + bytes.length + " bytes has no header");
        }
        int n = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
        return new IntHistogramChunk(new BitWriter(bytes, (long) bytes.length << 3), n);
    }

    @Override
    public Encoding encoding() {
        return Encoding.HISTOGRAM;
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
        HistogramAppender a = new HistogramAppender();
        if (numSamples > 0) {
            HistogramIterator it = new HistogramIterator();
            it.reset(stream.array(), 0, stream.byteLength());
            while (it.next()) {
                // decode to the last sample to recover the encoder state
            }
            if (it.err() != null) {
                throw it.err();
            }
            if (it.read != numSamples) {
                throw new ChunkFormatException("histogram chunk header says " + numSamples + " samples, decoded " + it.read);
            }
            stream.truncateBits(it.in.bitPosition());
            a.resumeFrom(it);
        }
        return a;
    }

    @Override
    public ChunkIterator iterator(ChunkIterator reuse) {
        HistogramIterator it = reuse instanceof HistogramIterator h ? h : new HistogramIterator();
        it.reset(stream.array(), 0, stream.byteLength());
        return it;
    }

    private final class HistogramAppender implements ChunkAppender {
        private CounterResetHint chunkHint = CounterResetHint.UNKNOWN;
        private final IntHistogram last = new IntHistogram();
        private long t;
        private long tDelta;
        private long countDelta;
        private long zeroDelta;
        private long[] bucketDelta = new long[0];
        private final XorValues sums = new XorValues();

        void resumeFrom(HistogramIterator it) {
            chunkHint = it.chunkHint;
            last.copyFrom(it.cur);
            t = it.t;
            tDelta = it.tDelta;
            countDelta = it.countDelta;
            zeroDelta = it.zeroDelta;
            bucketDelta = Arrays.copyOf(it.bucketDelta, it.bucketDelta.length);
            sums.copyFrom(it.sums);
        }

        @Override
        public void append(long ts, double v) {
            throw new UnsupportedOperationException("histogram chunks hold histograms, not floats");
        }

        @Override
        public HistogramAppendResult appendHistogram(long ts, IntHistogram h) {
            h.validate();
            int n = numSamples;
            if (n >= MAX_SAMPLES) {
                throw new IllegalStateException("histogram chunk is full at " + MAX_SAMPLES + " samples");
            }
            if (n > 0 && ts <= t) {
                throw new IllegalArgumentException("timestamp " + ts + " is not after the last one, " + t);
            }
            BitWriter w = stream;
            IntHistogram.Buckets pos = h.positive();
            IntHistogram.Buckets neg = h.negative();
            int buckets = pos.bucketCount() + neg.bucketCount();
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
                w.writeUvarint(h.count());
                w.writeUvarint(h.zeroCount());
                for (int i = 0; i < pos.bucketCount(); i++) {
                    w.writeUvarint(pos.count(i));
                }
                for (int i = 0; i < neg.bucketCount(); i++) {
                    w.writeUvarint(neg.count(i));
                }
                w.writeBits(h.sumBits(), 64);
                sums.reset(h.sumBits());
                tDelta = 0;
                countDelta = 0;
                zeroDelta = 0;
                bucketDelta = new long[buckets];
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
                d = h.count() - last.count();
                DeltaOfDelta.write(w, d - countDelta);
                countDelta = d;
                d = h.zeroCount() - last.zeroCount();
                DeltaOfDelta.write(w, d - zeroDelta);
                zeroDelta = d;
                int k = 0;
                for (int i = 0; i < pos.bucketCount(); i++, k++) {
                    d = pos.count(i) - last.positive().count(i);
                    DeltaOfDelta.write(w, d - bucketDelta[k]);
                    bucketDelta[k] = d;
                }
                for (int i = 0; i < neg.bucketCount(); i++, k++) {
                    d = neg.count(i) - last.negative().count(i);
                    DeltaOfDelta.write(w, d - bucketDelta[k]);
                    bucketDelta[k] = d;
                }
                sums.write(w, h.sumBits());
            }
            last.copyFrom(h);
            t = ts;
            numSamples = n + 1;
            w.putShortAt(0, numSamples);
            return HistogramAppendResult.APPENDED;
        }

        private boolean wentDown(IntHistogram h) {
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
     * The iterator of integer histogram chunks; it can also be pointed directly at a region of a
     * larger buffer with {@link #reset(byte[], int, int)}. {@link #atHistogram} reports the chunk's
     * hint for the first sample and {@code NOT_COUNTER_RESET} (or {@code GAUGE}) for the others.
     */
    public static final class HistogramIterator implements ChunkIterator {
        private final BitReader in = new BitReader();
        private final IntHistogram cur = new IntHistogram();
        private final XorValues sums = new XorValues();
        private CounterResetHint chunkHint = CounterResetHint.UNKNOWN;
        private int total;
        private int read;
        private boolean done;
        private long t;
        private long tDelta;
        private long countDelta;
        private long zeroDelta;
        private long[] bucketDelta = new long[0];
        private ChunkFormatException err;

        public HistogramIterator() {
            reset(new byte[] {0, 0, 0}, 0, 3);
        }

        /** Points this iterator at the chunk stored in {@code bytes[offset, offset+length)}. */
        public HistogramIterator reset(byte[] bytes, int offset, int length) {
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
                err = new ChunkFormatException("histogram chunk of " + length + " bytes has no header");
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
            } catch (ChunkFormatException e) {
                err = new ChunkFormatException(
                        "histogram chunk corrupt at sample " + read + " of " + total + ": " + e.getMessage());
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
            cur.positive().clear().resizeCounts(SpanList.read(in, cur.positive().spans));
            cur.negative().clear().resizeCounts(SpanList.read(in, cur.negative().spans));
            if (schema == IntHistogram.CUSTOM_BUCKETS_SCHEMA) {
                CustomBounds.read(in, cur.customBounds());
            } else {
                cur.customBounds().clear();
            }
            t = in.readVarint();
            long count = in.readUvarint();
            long zeroCount = in.readUvarint();
            IntHistogram.Buckets pos = cur.positive();
            IntHistogram.Buckets neg = cur.negative();
            for (int i = 0; i < pos.bucketCount(); i++) {
                pos.setCount(i, in.readUvarint());
            }
            for (int i = 0; i < neg.bucketCount(); i++) {
                neg.setCount(i, in.readUvarint());
            }
            long sumBits = in.readBits(64);
            sums.reset(sumBits);
            cur.setScalars((int) schema, zeroThreshold, zeroCount, count, sumBits);
            tDelta = 0;
            countDelta = 0;
            zeroDelta = 0;
            int buckets = pos.bucketCount() + neg.bucketCount();
            if (bucketDelta.length < buckets) {
                bucketDelta = new long[buckets];
            } else {
                Arrays.fill(bucketDelta, 0, buckets, 0);
            }
        }

        private void readNext() {
            tDelta += DeltaOfDelta.read(in);
            t += tDelta;
            countDelta += DeltaOfDelta.read(in);
            zeroDelta += DeltaOfDelta.read(in);
            IntHistogram.Buckets pos = cur.positive();
            IntHistogram.Buckets neg = cur.negative();
            int k = 0;
            for (int i = 0; i < pos.bucketCount(); i++, k++) {
                bucketDelta[k] += DeltaOfDelta.read(in);
                pos.setCount(i, pos.count(i) + bucketDelta[k]);
            }
            for (int i = 0; i < neg.bucketCount(); i++, k++) {
                bucketDelta[k] += DeltaOfDelta.read(in);
                neg.setCount(i, neg.count(i) + bucketDelta[k]);
            }
            sums.read(in);
            cur.setCounts(cur.zeroCount() + zeroDelta, cur.count() + countDelta, sums.bits);
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
        public double atV() {
            throw new UnsupportedOperationException("histogram chunk: use atHistogram");
        }

        @Override
        public long atVBits() {
            throw new UnsupportedOperationException("histogram chunk: use atHistogram");
        }

        @Override
        public IntHistogram atHistogram(IntHistogram into) {
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
