package io.hearth.storage.record;

import io.hearth.storage.chunk.ChunkFormatException;
import io.hearth.storage.chunk.CounterResetHint;
import io.hearth.storage.chunk.FloatHistogram;
import io.hearth.storage.chunk.IntHistogram;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes typed records into batches the caller reuses. Decoding appends to the batch; clear it
 * first to reuse it. The record buffer is read from its position to its limit and not moved.
 *
 * <p>Not thread-safe; one decoder per replaying thread. Any malformed input, including a record
 * with bytes left over, raises {@link CorruptRecordException}; the batch then holds whatever was
 * appended before the fault.
 */
public final class RecordDecoder {

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private ByteBuffer in;
    private int pos;
    private int limit;

    /** Decodes a {@link RecordType#SERIES} record, appending to {@code into}. */
    public void series(ByteBuffer record, SeriesBatch into) throws CorruptRecordException {
        start(record, RecordType.SERIES);
        long n = getUvarint();
        for (long i = 0; i < n; i++) {
            long ref = getUvarint();
            long pairs = getUvarint();
            if (pairs < 0 || pairs > (limit - pos) / 2) {
                throw corrupt("series " + i + " claims " + pairs + " labels");
            }
            String[] labels = new String[(int) pairs * 2];
            for (int j = 0; j < labels.length; j++) {
                labels[j] = getString();
            }
            try {
                into.add(ref, labels);
            } catch (IllegalArgumentException e) {
                throw corrupt("series " + i + ": " + e.getMessage());
            }
        }
        finish();
    }

    /**
     * Decodes a {@link RecordType#FLOAT_SAMPLES} or {@link RecordType#FLOAT_SAMPLES_WITH_STARTS}
     * record, appending to {@code into}.
     */
    public void samples(ByteBuffer record, SampleBatch into) throws CorruptRecordException {
        boolean withStarts = start(record, RecordType.FLOAT_SAMPLES, RecordType.FLOAT_SAMPLES_WITH_STARTS);
        long n = getUvarint();
        if (n < 0) {
            throw corrupt("sample count out of range");
        }
        if (n > 0) {
            // Each sample takes at least 10 bytes: two one-byte varints and the value.
            if (n > (limit - pos) / 10) {
                throw corrupt("claims " + n + " samples in " + (limit - pos) + " bytes");
            }
            long baseRef = getUvarint();
            long baseT = getVarint();
            for (long i = 0; i < n; i++) {
                long ref = baseRef + getVarint();
                long t = baseT + getVarint();
                long st = withStarts ? t - getVarint() : 0;
                into.addBits(ref, t, st, getLong());
            }
        }
        finish();
    }

    /** Decodes a {@link RecordType#HISTOGRAM_SAMPLES} record, appending to {@code into}. */
    public void histogramSamples(ByteBuffer record, HistogramSampleBatch into) throws CorruptRecordException {
        start(record, RecordType.HISTOGRAM_SAMPLES);
        long n = getUvarint();
        if (n < 0) {
            throw corrupt("sample count out of range");
        }
        if (n > 0) {
            // Each sample takes at least 24 bytes: refs, hint, schema, counts, spans and two 8-byte fields.
            if (n > (limit - pos) / 24) {
                throw corrupt("claims " + n + " histogram samples in " + (limit - pos) + " bytes");
            }
            long baseRef = getUvarint();
            long baseT = getVarint();
            for (long i = 0; i < n; i++) {
                long ref = baseRef + getVarint();
                long t = baseT + getVarint();
                IntHistogram h = into.next(ref, t);
                CounterResetHint hint;
                try {
                    hint = CounterResetHint.of(getByte());
                } catch (ChunkFormatException e) {
                    throw corrupt(e.getMessage());
                }
                long schema = getVarint();
                double zeroThreshold = Double.longBitsToDouble(getLong());
                long zeroCount = getUvarint();
                long count = getUvarint();
                long sumBits = getLong();
                if (schema != (int) schema) {
                    throw corrupt("schema out of range");
                }
                h.reset(hint, (int) schema, zeroThreshold, zeroCount, count, 0).sumBits(sumBits);
                getSpans(h.positive());
                getSpans(h.negative());
                getBucketCounts(h.positive());
                getBucketCounts(h.negative());
                if (schema == IntHistogram.CUSTOM_BUCKETS_SCHEMA) {
                    long bounds = customBoundCount();
                    for (long c = 0; c < bounds; c++) {
                        h.addCustomValue(Double.longBitsToDouble(getLong()));
                    }
                }
                try {
                    h.validate();
                } catch (IllegalArgumentException e) {
                    throw corrupt("histogram sample " + i + ": " + e.getMessage());
                }
            }
        }
        finish();
    }

    /**
     * Decodes a {@link RecordType#FLOAT_HISTOGRAM_SAMPLES} or
     * {@link RecordType#FLOAT_HISTOGRAM_SAMPLES_WITH_STARTS} record, appending to {@code into}.
     */
    public void floatHistogramSamples(ByteBuffer record, FloatHistogramSampleBatch into)
            throws CorruptRecordException {
        boolean withStarts = start(record, RecordType.FLOAT_HISTOGRAM_SAMPLES,
                RecordType.FLOAT_HISTOGRAM_SAMPLES_WITH_STARTS);
        long n = getUvarint();
        if (n < 0) {
            throw corrupt("sample count out of range");
        }
        if (n > 0) {
            // Each sample takes at least 36 bytes: refs, hint, schema, four 8-byte fields, span counts.
            if (n > (limit - pos) / 36) {
                throw corrupt("claims " + n + " float histogram samples in " + (limit - pos) + " bytes");
            }
            long baseRef = getUvarint();
            long baseT = getVarint();
            for (long i = 0; i < n; i++) {
                long ref = baseRef + getVarint();
                long t = baseT + getVarint();
                long st = withStarts ? t - getVarint() : 0;
                FloatHistogram h = into.next(ref, t, st);
                CounterResetHint hint;
                try {
                    hint = CounterResetHint.of(getByte());
                } catch (ChunkFormatException e) {
                    throw corrupt(e.getMessage());
                }
                long schema = getVarint();
                if (schema != (int) schema) {
                    throw corrupt("schema out of range");
                }
                double zeroThreshold = Double.longBitsToDouble(getLong());
                double zeroCount = Double.longBitsToDouble(getLong());
                double count = Double.longBitsToDouble(getLong());
                long sumBits = getLong();
                h.reset(hint, (int) schema, zeroThreshold, zeroCount, count, 0).sumBits(sumBits);
                getFloatSide(h.positive());
                getFloatSide(h.negative());
                if (schema == IntHistogram.CUSTOM_BUCKETS_SCHEMA) {
                    long bounds = customBoundCount();
                    for (long c = 0; c < bounds; c++) {
                        h.addCustomValue(Double.longBitsToDouble(getLong()));
                    }
                }
                try {
                    h.validate();
                } catch (IllegalArgumentException e) {
                    throw corrupt("float histogram sample " + i + ": " + e.getMessage());
                }
            }
        }
        finish();
    }

    private void getFloatSide(FloatHistogram.Buckets b) throws CorruptRecordException {
        long spans = getUvarint();
        if (spans < 0 || spans > (limit - pos) / 2) {
            throw corrupt("claims " + spans + " spans");
        }
        long buckets = 0;
        for (long i = 0; i < spans; i++) {
            long offset = getVarint();
            long length = getUvarint();
            if (offset != (int) offset || length < 0 || length > limit - pos) {
                throw corrupt("span out of range");
            }
            buckets += length;
            b.addSpan((int) offset, (int) length);
        }
        if (buckets > (limit - pos) / 8) {
            throw corrupt("spans cover " + buckets + " buckets, more than the bytes left");
        }
        for (long i = 0; i < buckets; i++) {
            b.addCountBits(getLong());
        }
    }

    private long customBoundCount() throws CorruptRecordException {
        long n = getUvarint();
        if (n < 0 || n > (limit - pos) / 8) {
            throw corrupt("claims " + n + " custom bounds, more than the bytes left");
        }
        return n;
    }

    private void getSpans(IntHistogram.Buckets b) throws CorruptRecordException {
        long spans = getUvarint();
        if (spans < 0 || spans > (limit - pos) / 2) {
            throw corrupt("claims " + spans + " spans");
        }
        for (long i = 0; i < spans; i++) {
            long offset = getVarint();
            long length = getUvarint();
            if (offset != (int) offset || length < 0 || length > limit - pos) {
                throw corrupt("span out of range");
            }
            b.addSpan((int) offset, (int) length);
        }
    }

    private void getBucketCounts(IntHistogram.Buckets b) throws CorruptRecordException {
        long buckets = 0;
        for (int i = 0; i < b.spanCount(); i++) {
            buckets += b.spanLength(i);
        }
        if (buckets > limit - pos) {
            throw corrupt("spans cover " + buckets + " buckets, more than the bytes left");
        }
        long prev = 0;
        for (long i = 0; i < buckets; i++) {
            prev += getVarint();
            b.addCount(prev);
        }
    }

    /** Starts decoding a record of type {@code plain} or {@code withStarts}; true for the latter. */
    private boolean start(ByteBuffer record, RecordType plain, RecordType withStarts) throws CorruptRecordException {
        RecordType actual = RecordType.of(record);
        if (actual != plain && actual != withStarts) {
            throw new CorruptRecordException("expected a " + plain + " record, found " + actual);
        }
        in = record;
        pos = record.position() + 1;
        limit = record.limit();
        return actual == withStarts;
    }

    private void start(ByteBuffer record, RecordType expected) throws CorruptRecordException {
        RecordType actual = RecordType.of(record);
        if (actual != expected) {
            throw new CorruptRecordException("expected a " + expected + " record, found " + actual);
        }
        in = record;
        pos = record.position() + 1;
        limit = record.limit();
    }

    private void finish() throws CorruptRecordException {
        int left = limit - pos;
        in = null;
        if (left != 0) {
            throw new CorruptRecordException(left + " bytes left after the record");
        }
    }

    private CorruptRecordException corrupt(String why) {
        return new CorruptRecordException("corrupt record at byte " + (pos - (in == null ? 0 : in.position()))
                + ": " + why);
    }

    private int getByte() throws CorruptRecordException {
        if (pos >= limit) {
            throw corrupt("unexpected end");
        }
        return in.get(pos++) & 0xFF;
    }

    private long getUvarint() throws CorruptRecordException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = getByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw corrupt("varint longer than 10 bytes");
    }

    private long getVarint() throws CorruptRecordException {
        long u = getUvarint();
        return (u >>> 1) ^ -(u & 1);
    }

    private long getLong() throws CorruptRecordException {
        if (limit - pos < 8) {
            throw corrupt("unexpected end");
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (in.get(pos++) & 0xFF);
        }
        return v;
    }

    private String getString() throws CorruptRecordException {
        long len = getUvarint();
        if (len < 0 || len > limit - pos) {
            throw corrupt("string of " + len + " bytes, " + (limit - pos) + " left");
        }
        try {
            String s = utf8.decode(in.slice(pos, (int) len)).toString();
            pos += (int) len;
            return s;
        } catch (CharacterCodingException e) {
            throw corrupt("label is not UTF-8");
        }
    }
}
