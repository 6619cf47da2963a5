package io.hearth.storage.head;

import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;
import io.hearth.storage.record.FloatHistogramSampleBatch;
import io.hearth.storage.record.RecordEncoder;
import io.hearth.storage.record.SampleBatch;
import io.hearth.storage.record.SeriesBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The scratch space of one {@link HeadAppender}: its buffered samples, the batches and record
 * encoders of its commit. Growing these from nothing for every 2,000-sample request was most of
 * the append path's allocation, so the head keeps a few in a {@link Pool}: an appender takes one at
 * its first sample and gives it back once its commit is durable and applied (the WAL reads the
 * encoders' buffers until then). Used by one thread at a time.
 */
final class CommitBuffers {

    /** Buffers grown past this many samples are left to the collector rather than kept. */
    static final int MAX_POOLED_SAMPLES = 16_384;

    Labels[] labels = new Labels[64];
    HeadSeries[] series = new HeadSeries[64];
    long[] ts = new long[64];
    long[] bits = new long[64];
    long[] starts = new long[64];
    FloatHistogram[] hists = new FloatHistogram[64];
    boolean[] ooo = new boolean[64];

    final SeriesBatch created = new SeriesBatch();
    final SampleBatch floats = new SampleBatch(64);
    private FloatHistogramSampleBatch histograms;
    final io.hearth.storage.chunk.FloatHistogram holder = new io.hearth.storage.chunk.FloatHistogram();
    final ArrayList<ByteBuffer> records = new ArrayList<>(4);
    private final ArrayList<RecordEncoder> encoders = new ArrayList<>(2);
    private int encodersUsed;

    /** Makes room for sample {@code n}. */
    void ensure(int n) {
        if (n < ts.length) {
            return;
        }
        int cap = ts.length * 2;
        labels = Arrays.copyOf(labels, cap);
        series = Arrays.copyOf(series, cap);
        ts = Arrays.copyOf(ts, cap);
        bits = Arrays.copyOf(bits, cap);
        starts = Arrays.copyOf(starts, cap);
        hists = Arrays.copyOf(hists, cap);
        ooo = Arrays.copyOf(ooo, cap);
    }

    FloatHistogramSampleBatch histograms() {
        if (histograms == null) {
            histograms = new FloatHistogramSampleBatch();
        }
        return histograms;
    }

    boolean hasHistograms() {
        return histograms != null && histograms.size() > 0;
    }

    /** An encoder for one more record of this commit; its buffer stays untouched until {@link #clear}. */
    RecordEncoder encoder() {
        if (encodersUsed == encoders.size()) {
            encoders.add(new RecordEncoder());
        }
        return encoders.get(encodersUsed++);
    }

    /** Forgets the first {@code n} samples and the records, dropping references to labels and series. */
    void clear(int n) {
        Arrays.fill(labels, 0, n, null);
        Arrays.fill(series, 0, n, null);
        Arrays.fill(hists, 0, n, null);
        created.clear();
        floats.clear();
        if (histograms != null) {
            histograms.clear();
        }
        records.clear();
        encodersUsed = 0;
    }

    /**
     * A few idle buffers shared by the head's appenders: a fixed array of slots, so taking and
     * giving back allocate nothing. Thread-safe.
     */
    static final class Pool {
        private final AtomicReferenceArray<CommitBuffers> slots;

        Pool(int size) {
            slots = new AtomicReferenceArray<>(size);
        }

        /** An idle buffer set, or a new one. */
        CommitBuffers take() {
            for (int i = 0; i < slots.length(); i++) {
                if (slots.getPlain(i) != null) {
                    CommitBuffers b = slots.getAndSet(i, null);
                    if (b != null) {
                        return b;
                    }
                }
            }
            return new CommitBuffers();
        }

        /** Keeps {@code b}, cleared of its first {@code n} samples, unless the pool is full or it grew too big. */
        void give(CommitBuffers b, int n) {
            b.clear(n);
            if (b.ts.length > MAX_POOLED_SAMPLES) {
                return;
            }
            for (int i = 0; i < slots.length(); i++) {
                if (slots.getPlain(i) == null && slots.compareAndSet(i, null, b)) {
                    return;
                }
            }
        }
    }
}
