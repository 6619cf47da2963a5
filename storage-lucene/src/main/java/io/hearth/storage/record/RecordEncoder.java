package io.hearth.storage.record;

import io.hearth.storage.chunk.FloatHistogram;
import io.hearth.storage.chunk.IntHistogram;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes typed records into a reusable buffer, in the layouts of {@code docs/format/wal.md}.
 *
 * <p>Each method returns a view of the encoder's buffer, valid until the next call: hand it to
 * {@code WriteAheadLog.append} (which reads it before returning) or copy it. Not thread-safe; one
 * encoder per appending thread.
 */
public final class RecordEncoder {

    private byte[] buf = new byte[4096];
    private int pos;

    /** Encodes a series record; an empty batch gives a valid record with no series. */
    public ByteBuffer series(SeriesBatch batch) {
        pos = 0;
        putByte(RecordType.SERIES.id());
        putUvarint(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            putUvarint(batch.ref(i));
            putLabels(batch.labels(i));
        }
        return ByteBuffer.wrap(buf, 0, pos);
    }

    /** Encodes all samples of the batch into one record. */
    public ByteBuffer samples(SampleBatch batch) {
        return samples(batch, 0, batch.size());
    }

    /**
     * Encodes samples {@code [from, to)} of the batch into one record, so that large batches can
     * be split to fit the WAL's record limit; of type {@link RecordType#FLOAT_SAMPLES_WITH_STARTS}
     * when any of them has a start timestamp.
     */
    public ByteBuffer samples(SampleBatch batch, int from, int to) {
        checkRange(from, to, batch.size());
        boolean withStarts = batch.hasStarts(from, to);
        int n = begin(withStarts ? RecordType.FLOAT_SAMPLES_WITH_STARTS : RecordType.FLOAT_SAMPLES, from, to);
        if (n > 0) {
            long baseRef = batch.ref(from);
            long baseT = batch.timestamp(from);
            putUvarint(baseRef);
            putVarint(baseT);
            for (int i = from; i < to; i++) {
                putVarint(batch.ref(i) - baseRef);
                putVarint(batch.timestamp(i) - baseT);
                if (withStarts) {
                    putVarint(batch.timestamp(i) - batch.start(i));
                }
                putLong(batch.valueBits(i));
            }
        }
        return ByteBuffer.wrap(buf, 0, pos);
    }

    /** Encodes all samples of the batch into one histogram-sample record. */
    public ByteBuffer histogramSamples(HistogramSampleBatch batch) {
        return histogramSamples(batch, 0, batch.size());
    }

    /** Encodes samples {@code [from, to)} of the batch into one histogram-sample record. */
    public ByteBuffer histogramSamples(HistogramSampleBatch batch, int from, int to) {
        checkRange(from, to, batch.size());
        int n = begin(RecordType.HISTOGRAM_SAMPLES, from, to);
        if (n > 0) {
            long baseRef = batch.ref(from);
            long baseT = batch.timestamp(from);
            putUvarint(baseRef);
            putVarint(baseT);
            for (int i = from; i < to; i++) {
                putVarint(batch.ref(i) - baseRef);
                putVarint(batch.timestamp(i) - baseT);
                IntHistogram h = batch.histogram(i);
                putByte(h.counterResetHint().id());
                putVarint(h.schema());
                putLong(Double.doubleToRawLongBits(h.zeroThreshold()));
                putUvarint(h.zeroCount());
                putUvarint(h.count());
                putLong(h.sumBits());
                putSpans(h.positive());
                putSpans(h.negative());
                putBucketCounts(h.positive());
                putBucketCounts(h.negative());
                if (h.schema() == IntHistogram.CUSTOM_BUCKETS_SCHEMA) {
                    putUvarint(h.customValueCount());
                    for (int c = 0; c < h.customValueCount(); c++) {
                        putLong(Double.doubleToRawLongBits(h.customValue(c)));
                    }
                }
            }
        }
        return ByteBuffer.wrap(buf, 0, pos);
    }

    /** Encodes all samples of the batch into one float-histogram-sample record. */
    public ByteBuffer floatHistogramSamples(FloatHistogramSampleBatch batch) {
        return floatHistogramSamples(batch, 0, batch.size());
    }

    /**
     * Encodes samples {@code [from, to)} of the batch into one float-histogram-sample record, of
     * type {@link RecordType#FLOAT_HISTOGRAM_SAMPLES_WITH_STARTS} when any of them has a start.
     */
    public ByteBuffer floatHistogramSamples(FloatHistogramSampleBatch batch, int from, int to) {
        checkRange(from, to, batch.size());
        boolean withStarts = batch.hasStarts(from, to);
        int n = begin(withStarts ? RecordType.FLOAT_HISTOGRAM_SAMPLES_WITH_STARTS : RecordType.FLOAT_HISTOGRAM_SAMPLES,
                from, to);
        if (n > 0) {
            long baseRef = batch.ref(from);
            long baseT = batch.timestamp(from);
            putUvarint(baseRef);
            putVarint(baseT);
            for (int i = from; i < to; i++) {
                putVarint(batch.ref(i) - baseRef);
                putVarint(batch.timestamp(i) - baseT);
                if (withStarts) {
                    putVarint(batch.timestamp(i) - batch.start(i));
                }
                FloatHistogram h = batch.histogram(i);
                putByte(h.counterResetHint().id());
                putVarint(h.schema());
                putLong(Double.doubleToRawLongBits(h.zeroThreshold()));
                putLong(h.zeroCountBits());
                putLong(h.countBits());
                putLong(h.sumBits());
                putFloatSide(h.positive());
                putFloatSide(h.negative());
                if (h.schema() == IntHistogram.CUSTOM_BUCKETS_SCHEMA) {
                    putUvarint(h.customValueCount());
                    for (int c = 0; c < h.customValueCount(); c++) {
                        putLong(Double.doubleToRawLongBits(h.customValue(c)));
                    }
                }
            }
        }
        return ByteBuffer.wrap(buf, 0, pos);
    }

    /** Encodes exemplars {@code [from, to)} of the batch into one exemplar record. */
    public ByteBuffer exemplars(ExemplarBatch batch, int from, int to) {
        checkRange(from, to, batch.size());
        int n = begin(RecordType.EXEMPLARS, from, to);
        if (n > 0) {
            long baseRef = batch.ref(from);
            long baseT = batch.timestamp(from);
            putUvarint(baseRef);
            putVarint(baseT);
            for (int i = from; i < to; i++) {
                putVarint(batch.ref(i) - baseRef);
                putVarint(batch.timestamp(i) - baseT);
                putByte(batch.hasTimestamp(i) ? 1 : 0);
                putLong(batch.valueBits(i));
                putLabels(batch.labels(i));
            }
        }
        return ByteBuffer.wrap(buf, 0, pos);
    }

    private static void checkRange(int from, int to, int size) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + size);
        }
    }

    /** Starts a record of {@code [from, to)} of a batch: its type and count; returns the count. */
    private int begin(RecordType type, int from, int to) {
        pos = 0;
        putByte(type.id());
        int n = to - from;
        putUvarint(n);
        return n;
    }

    /** A label set: the number of pairs, then each name and value. */
    private void putLabels(String[] pairs) {
        putUvarint(pairs.length / 2);
        for (String s : pairs) {
            putString(s);
        }
    }

    private void putFloatSide(FloatHistogram.Buckets b) {
        putUvarint(b.spanCount());
        for (int i = 0; i < b.spanCount(); i++) {
            putVarint(b.spanOffset(i));
            putUvarint(b.spanLength(i));
        }
        for (int i = 0; i < b.bucketCount(); i++) {
            putLong(b.countBits(i));
        }
    }

    private void putSpans(IntHistogram.Buckets b) {
        putUvarint(b.spanCount());
        for (int i = 0; i < b.spanCount(); i++) {
            putVarint(b.spanOffset(i));
            putUvarint(b.spanLength(i));
        }
    }

    // Neighbouring buckets hold similar counts, so each is written as the difference to the previous.
    private void putBucketCounts(IntHistogram.Buckets b) {
        long prev = 0;
        for (int i = 0; i < b.bucketCount(); i++) {
            putVarint(b.count(i) - prev);
            prev = b.count(i);
        }
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(pos + n, buf.length * 2));
        }
    }

    private void putByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    private void putUvarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void putVarint(long v) {
        putUvarint((v << 1) ^ (v >> 63));
    }

    private void putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
    }

    private void putString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putUvarint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }
}
