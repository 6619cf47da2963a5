package io.hearth.conformance.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.xerial.snappy.Snappy;

/**
 * Builds snappy-compressed remote write 1.0 requests ({@code prometheus.WriteRequest}) one sample
 * at a time into reused buffers, fast enough to encode tens of millions of samples before a run.
 * Each series' labels are encoded once ({@link #labels}); a sample then costs a few bytes of
 * copying. Not thread-safe: one encoder per thread.
 */
final class WriteRequestEncoder {

    private byte[] buffer = new byte[1 << 20];
    private int length;
    private int samples;
    private byte[] compressed = new byte[Snappy.maxCompressedLength(buffer.length)];

    /**
     * @param pairs label names and values, alternating, sorted by name
     * @return the {@code TimeSeries.labels} fields for these labels, to pass to {@link #add}
     */
    static byte[] labels(String... pairs) {
        byte[] out = new byte[0];
        for (int i = 0; i < pairs.length; i += 2) {
            byte[] name = pairs[i].getBytes(StandardCharsets.UTF_8);
            byte[] value = pairs[i + 1].getBytes(StandardCharsets.UTF_8);
            int label = 1 + varintSize(name.length) + name.length + 1 + varintSize(value.length) + value.length;
            byte[] field = new byte[1 + varintSize(label) + label];
            int p = 0;
            field[p++] = 0x0a; // TimeSeries.labels = 1, length-delimited
            p = varint(field, p, label);
            field[p++] = 0x0a; // Label.name = 1
            p = varint(field, p, name.length);
            System.arraycopy(name, 0, field, p, name.length);
            p += name.length;
            field[p++] = 0x12; // Label.value = 2
            p = varint(field, p, value.length);
            System.arraycopy(value, 0, field, p, value.length);
            out = Arrays.copyOf(out, out.length + field.length);
            System.arraycopy(field, 0, out, out.length - field.length, field.length);
        }
        return out;
    }

    /** Appends one {@code TimeSeries} holding one sample. */
    void add(byte[] labels, long timestampMillis, double value) {
        int sample = 9 + 1 + varintSize(timestampMillis);
        int series = labels.length + 1 + varintSize(sample) + sample;
        ensure(1 + varintSize(series) + series);
        byte[] b = buffer;
        int p = length;
        b[p++] = 0x0a; // WriteRequest.timeseries = 1
        p = varint(b, p, series);
        System.arraycopy(labels, 0, b, p, labels.length);
        p += labels.length;
        b[p++] = 0x12; // TimeSeries.samples = 2
        p = varint(b, p, sample);
        b[p++] = 0x09; // Sample.value = 1, fixed64
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            b[p++] = (byte) (bits >>> (8 * i));
        }
        b[p++] = 0x10; // Sample.timestamp = 2, varint
        p = varint(b, p, timestampMillis);
        length = p;
        samples++;
    }

    /** @return the samples added since the last {@link #finish} */
    int samples() {
        return samples;
    }

    /** @return the request so far, snappy-compressed, and starts a new one */
    byte[] finish() {
        try {
            int max = Snappy.maxCompressedLength(length);
            if (compressed.length < max) {
                compressed = new byte[max];
            }
            int n = Snappy.compress(buffer, 0, length, compressed, 0);
            length = 0;
            samples = 0;
            return Arrays.copyOf(compressed, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    private static int varint(byte[] b, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            b[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    private static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            n++;
            v >>>= 7;
        }
        return n;
    }
}
