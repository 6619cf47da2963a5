package io.hearth.storage.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.storage.chunk.CounterResetHint;
import io.hearth.storage.chunk.FloatHistogram;
import io.hearth.storage.chunk.IntHistogram;
import io.hearth.storage.testing.Seeded;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Record encoding checked against plain lists of what was encoded. */
@ExtendWith(Seeded.class)
class RecordCodecTest {

    static final String[] ALPHABET = {"a", "job", "instance", "__name__", "le", "ünï", "😀", "", "x y"};

    static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(4); i > 0; i--) {
            sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
        }
        if (r.nextInt(10) == 0) {
            sb.append("long".repeat(r.nextInt(200)));
        }
        return sb.toString();
    }

    static String[] randomLabels(Random r) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = r.nextInt(8); i > 0; i--) {
            String name = randomString(r);
            if (!name.isEmpty()) {
                m.put(name, randomString(r));
            }
        }
        String[] out = new String[m.size() * 2];
        int i = 0;
        for (var e : m.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }

    static long randomRef(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> r.nextInt(1000);
            case 1 -> r.nextLong();
            default -> 1_000_000 + r.nextInt(100);
        };
    }

    @Test
    void seriesRoundTripIntoAReusedBatch(Random r) throws Exception {
        RecordEncoder enc = new RecordEncoder();
        RecordDecoder dec = new RecordDecoder();
        SeriesBatch in = new SeriesBatch();
        SeriesBatch out = new SeriesBatch();
        for (int round = 0; round < 200; round++) {
            in.clear();
            List<Long> refs = new ArrayList<>();
            List<String[]> labels = new ArrayList<>();
            for (int i = r.nextInt(r.nextBoolean() ? 3 : 100); i > 0; i--) {
                long ref = randomRef(r);
                String[] l = randomLabels(r);
                refs.add(ref);
                labels.add(l);
                in.add(ref, l);
            }
            ByteBuffer rec = enc.series(in);
            assertSame(RecordType.SERIES, RecordType.of(rec));
            out.clear();
            dec.series(rec, out);
            assertEquals(refs.size(), out.size());
            for (int i = 0; i < refs.size(); i++) {
                assertEquals(refs.get(i), out.ref(i));
                assertArrayEquals(labels.get(i), out.labels(i));
            }
        }
    }

    @Test
    void samplesRoundTripBitExactly(Random r) throws Exception {
        RecordEncoder enc = new RecordEncoder();
        RecordDecoder dec = new RecordDecoder();
        SampleBatch in = new SampleBatch(1);
        SampleBatch out = new SampleBatch(1);
        long[] special = {0x7ff0000000000002L, Double.doubleToRawLongBits(Double.NaN),
            Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY)};
        for (int round = 0; round < 200; round++) {
            in.clear();
            List<long[]> model = new ArrayList<>();
            long t = r.nextLong();
            for (int i = r.nextInt(r.nextBoolean() ? 3 : 2000); i > 0; i--) {
                long ref = randomRef(r);
                t = r.nextInt(5) == 0 ? r.nextLong() : t + r.nextInt(30_000) - 100;
                long bits = r.nextBoolean() ? special[r.nextInt(special.length)] : r.nextLong();
                model.add(new long[] {ref, t, bits});
                in.addBits(ref, t, bits);
            }
            // Whole batch, and a slice of it.
            int from = model.isEmpty() ? 0 : r.nextInt(model.size());
            int to = from + (model.isEmpty() ? 0 : r.nextInt(model.size() - from + 1));
            for (int[] range : new int[][] {{0, model.size()}, {from, to}}) {
                ByteBuffer rec = enc.samples(in, range[0], range[1]);
                assertSame(RecordType.FLOAT_SAMPLES, RecordType.of(rec));
                out.clear();
                dec.samples(rec, out);
                assertEquals(range[1] - range[0], out.size());
                for (int i = range[0]; i < range[1]; i++) {
                    long[] s = model.get(i);
                    int j = i - range[0];
                    assertEquals(s[0], out.ref(j), "ref " + i);
                    assertEquals(s[1], out.timestamp(j), "t " + i);
                    assertEquals(s[2], out.valueBits(j), "value bits " + i);
                }
            }
        }
    }

    @Test
    void decodingAppendsSoSeveralRecordsCanShareABatch() throws Exception {
        RecordEncoder enc = new RecordEncoder();
        RecordDecoder dec = new RecordDecoder();
        SampleBatch out = new SampleBatch();
        dec.samples(copy(enc.samples(new SampleBatch().add(1, 10, 1.0))), out);
        dec.samples(copy(enc.samples(new SampleBatch().add(2, 20, 2.0))), out);
        assertEquals(2, out.size());
        assertEquals(2, out.ref(1));
    }

    static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate());
        return c.flip();
    }

    @Test
    void damagedRecordsFailWithCorruptRecordExceptionOnly(Random r) throws Exception {
        RecordEncoder enc = new RecordEncoder();
        RecordDecoder dec = new RecordDecoder();
        for (int round = 0; round < 500; round++) {
            ByteBuffer rec;
            if (r.nextBoolean()) {
                SeriesBatch s = new SeriesBatch();
                for (int i = 1 + r.nextInt(5); i > 0; i--) {
                    s.add(randomRef(r), randomLabels(r));
                }
                rec = copy(enc.series(s));
            } else {
                SampleBatch s = new SampleBatch();
                for (int i = 1 + r.nextInt(20); i > 0; i--) {
                    s.addBits(randomRef(r), r.nextLong(), r.nextLong());
                }
                rec = copy(enc.samples(s));
            }
            byte[] bytes = rec.array().clone();
            if (r.nextBoolean()) {
                bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
            } else {
                bytes[r.nextInt(bytes.length)] ^= (byte) (1 + r.nextInt(255));
                if (r.nextBoolean()) {
                    bytes = java.util.Arrays.copyOf(bytes, bytes.length + 1 + r.nextInt(3));
                }
            }
            ByteBuffer damaged = ByteBuffer.wrap(bytes);
            try {
                if (bytes.length > 0 && bytes[0] == RecordType.SERIES.id()) {
                    dec.series(damaged, new SeriesBatch());
                } else {
                    dec.samples(damaged, new SampleBatch());
                }
                // A flip inside a value or label byte can still decode; that is for the WAL's CRC to catch.
            } catch (CorruptRecordException expected) {
                // fine
            }
        }
    }

    static IntHistogram randomHistogram(Random r) {
        CounterResetHint hint = CounterResetHint.values()[r.nextInt(CounterResetHint.values().length)];
        long sumBits = r.nextInt(5) == 0 ? 0x7ff0000000000002L : Double.doubleToRawLongBits(r.nextGaussian() * 1e6);
        boolean custom = r.nextInt(4) == 0;
        IntHistogram h = custom
                ? new IntHistogram().reset(hint, IntHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, 0, 0).sumBits(sumBits)
                : new IntHistogram().reset(hint, r.nextInt(13) - 4,
                        r.nextBoolean() ? 0 : Math.scalb(1.0, -r.nextInt(100)), r.nextInt(100), 0, 0).sumBits(sumBits);
        long observed = h.zeroCount();
        for (int i = 0; custom && i < 20; i++) {
            h.addCustomValue(i * 0.5 - 3);
        }
        for (IntHistogram.Buckets side : custom ? new IntHistogram.Buckets[] {h.positive()}
                : new IntHistogram.Buckets[] {h.positive(), h.negative()}) {
            for (int s = r.nextInt(4); s > 0; s--) {
                int len = r.nextInt(5);
                side.addSpan(custom ? r.nextInt(2) : side.spanCount() == 0 ? r.nextInt(100) - 50 : r.nextInt(4), len);
                for (int i = 0; i < len; i++) {
                    long c = r.nextInt(4) == 0 ? r.nextLong(1L << 40) : r.nextInt(1000);
                    side.addCount(c);
                    observed += c;
                }
            }
        }
        IntHistogram scalars = new IntHistogram().reset(h.counterResetHint(), h.schema(), h.zeroThreshold(),
                h.zeroCount(), observed + r.nextInt(3), 0).sumBits(sumBits);
        return withBuckets(scalars, h);
    }

    static IntHistogram withBuckets(IntHistogram scalars, IntHistogram buckets) {
        IntHistogram out = new IntHistogram().reset(scalars.counterResetHint(), scalars.schema(),
                scalars.zeroThreshold(), scalars.zeroCount(), scalars.count(), 0).sumBits(scalars.sumBits());
        for (int i = 0; i < buckets.customValueCount(); i++) {
            out.addCustomValue(buckets.customValue(i));
        }
        for (int k = 0; k < 2; k++) {
            IntHistogram.Buckets from = k == 0 ? buckets.positive() : buckets.negative();
            IntHistogram.Buckets to = k == 0 ? out.positive() : out.negative();
            for (int i = 0; i < from.spanCount(); i++) {
                to.addSpan(from.spanOffset(i), from.spanLength(i));
            }
            for (int i = 0; i < from.bucketCount(); i++) {
                to.addCount(from.count(i));
            }
        }
        return out.validate();
    }

    @Test
    void histogramSamplesRoundTripIntoReusedHolders(Random r) throws Exception {
        RecordEncoder enc = new RecordEncoder();
        RecordDecoder dec = new RecordDecoder();
        HistogramSampleBatch in = new HistogramSampleBatch();
        HistogramSampleBatch out = new HistogramSampleBatch();
        long bucketsSeen = 0;
        for (int round = 0; round < 200; round++) {
            in.clear();
            List<Object[]> model = new ArrayList<>();
            long t = r.nextLong(1L << 50);
            for (int i = r.nextInt(r.nextBoolean() ? 3 : 100); i > 0; i--) {
                long ref = randomRef(r);
                t += r.nextInt(30_000);
                IntHistogram h = randomHistogram(r);
                model.add(new Object[] {ref, t, new IntHistogram().copyFrom(h)});
                in.add(ref, t, h);
            }
            ByteBuffer rec = enc.histogramSamples(in);
            assertSame(RecordType.HISTOGRAM_SAMPLES, RecordType.of(rec));
            IntHistogram firstHolder = out.size() > 0 ? out.histogram(0) : null;
            out.clear();
            dec.histogramSamples(rec, out);
            assertEquals(model.size(), out.size());
            for (int i = 0; i < model.size(); i++) {
                bucketsSeen += out.histogram(i).positive().bucketCount() + out.histogram(i).negative().bucketCount();
                assertEquals((long) model.get(i)[0], out.ref(i));
                assertEquals((long) model.get(i)[1], out.timestamp(i));
                IntHistogram expected = (IntHistogram) model.get(i)[2];
                assertTrue(expected.contentEquals(out.histogram(i)), "sample " + i + "\n" + expected + "\n" + out.histogram(i));
            }
            if (firstHolder != null && out.size() > 0) {
                assertSame(firstHolder, out.histogram(0), "holders are reused");
            }
        }
        assertTrue(bucketsSeen > 1000, "the generator makes buckets: " + bucketsSeen);
    }

    @Test
    void damagedHistogramRecordsFailWithCorruptRecordExceptionOnly(Random r) throws Exception {
        RecordEncoder enc = new RecordEncoder();
        RecordDecoder dec = new RecordDecoder();
        for (int round = 0; round < 500; round++) {
            HistogramSampleBatch b = new HistogramSampleBatch();
            for (int i = 1 + r.nextInt(5); i > 0; i--) {
                b.add(randomRef(r), r.nextLong(), randomHistogram(r).validate());
            }
            byte[] bytes = copy(enc.histogramSamples(b)).array().clone();
            if (r.nextBoolean()) {
                bytes = java.util.Arrays.copyOf(bytes, 1 + r.nextInt(bytes.length - 1));
            } else {
                bytes[1 + r.nextInt(bytes.length - 1)] ^= (byte) (1 + r.nextInt(255));
            }
            try {
                dec.histogramSamples(ByteBuffer.wrap(bytes), new HistogramSampleBatch());
            } catch (CorruptRecordException expected) {
                // fine; a flip inside a count or the sum can still decode
            }
        }
    }

    static FloatHistogram randomFloatHistogram(Random r) {
        CounterResetHint hint = CounterResetHint.values()[r.nextInt(CounterResetHint.values().length)];
        long sumBits = r.nextInt(5) == 0 ? 0x7ff0000000000002L : Double.doubleToRawLongBits(r.nextGaussian() * 1e6);
        boolean custom = r.nextInt(4) == 0;
        FloatHistogram h = custom
                ? new FloatHistogram().reset(hint, IntHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0, r.nextDouble() * 1e6, 0)
                        .sumBits(sumBits)
                : new FloatHistogram().reset(hint, r.nextInt(13) - 4,
                        r.nextBoolean() ? 0 : Math.scalb(1.0, -r.nextInt(100)), r.nextDouble() * 10,
                        r.nextDouble() * 1e6, 0).sumBits(sumBits);
        for (int i = 0; custom && i < 20; i++) {
            h.addCustomValue(Math.scalb(1.0, i - 10));
        }
        for (FloatHistogram.Buckets side : custom ? new FloatHistogram.Buckets[] {h.positive()}
                : new FloatHistogram.Buckets[] {h.positive(), h.negative()}) {
            for (int s = r.nextInt(4); s > 0; s--) {
                int len = r.nextInt(5);
                side.addSpan(custom ? r.nextInt(2) : side.spanCount() == 0 ? r.nextInt(100) - 50 : r.nextInt(4), len);
                for (int i = 0; i < len; i++) {
                    side.addCount(r.nextBoolean() ? r.nextInt(100) : r.nextDouble() * 1e3);
                }
            }
        }
        return h.validate();
    }

    @Test
    void floatHistogramSamplesRoundTripBitForBit(Random r) throws Exception {
        RecordEncoder enc = new RecordEncoder();
        RecordDecoder dec = new RecordDecoder();
        FloatHistogramSampleBatch in = new FloatHistogramSampleBatch();
        FloatHistogramSampleBatch out = new FloatHistogramSampleBatch();
        for (int round = 0; round < 200; round++) {
            in.clear();
            List<FloatHistogram> model = new ArrayList<>();
            List<long[]> keys = new ArrayList<>();
            for (int i = r.nextInt(r.nextBoolean() ? 3 : 60); i > 0; i--) {
                FloatHistogram h = randomFloatHistogram(r);
                long ref = randomRef(r);
                long t = r.nextLong();
                in.add(ref, t, h);
                model.add(new FloatHistogram().copyFrom(h));
                keys.add(new long[] {ref, t});
            }
            ByteBuffer rec = enc.floatHistogramSamples(in);
            assertSame(RecordType.FLOAT_HISTOGRAM_SAMPLES, RecordType.of(rec));
            out.clear();
            dec.floatHistogramSamples(rec, out);
            assertEquals(model.size(), out.size());
            for (int i = 0; i < model.size(); i++) {
                assertEquals(keys.get(i)[0], out.ref(i));
                assertEquals(keys.get(i)[1], out.timestamp(i));
                assertTrue(model.get(i).contentEquals(out.histogram(i)), "sample " + i);
            }
        }
    }

    @Test
    void damagedFloatHistogramRecordsFailWithCorruptRecordExceptionOnly(Random r) throws Exception {
        RecordEncoder enc = new RecordEncoder();
        RecordDecoder dec = new RecordDecoder();
        for (int round = 0; round < 500; round++) {
            FloatHistogramSampleBatch b = new FloatHistogramSampleBatch();
            for (int i = 1 + r.nextInt(5); i > 0; i--) {
                b.add(randomRef(r), r.nextLong(), randomFloatHistogram(r));
            }
            byte[] bytes = copy(enc.floatHistogramSamples(b)).array().clone();
            if (r.nextBoolean()) {
                bytes = java.util.Arrays.copyOf(bytes, 1 + r.nextInt(bytes.length - 1));
            } else {
                bytes[1 + r.nextInt(bytes.length - 1)] ^= (byte) (1 + r.nextInt(255));
            }
            try {
                dec.floatHistogramSamples(ByteBuffer.wrap(bytes), new FloatHistogramSampleBatch());
            } catch (CorruptRecordException expected) {
                // fine
            }
        }
    }

    @Test
    void startTimestampsPickTheRecordTypeAndRoundTrip(Random r) throws Exception {
        RecordEncoder enc = new RecordEncoder();
        RecordDecoder dec = new RecordDecoder();
        SampleBatch floats = new SampleBatch();
        FloatHistogramSampleBatch hists = new FloatHistogramSampleBatch();
        long[] starts = new long[50];
        for (int i = 0; i < starts.length; i++) {
            long t = 1_000_000 + i * 15_000L;
            starts[i] = i < 10 ? 0 : r.nextBoolean() ? 900_000 : t - r.nextInt(1 << 30);
            floats.addBits(i, t, starts[i], Double.doubleToRawLongBits(i));
            hists.add(i, t, starts[i], randomFloatHistogram(r));
        }
        // without starts in the range the old record types are written, byte for byte as before
        assertSame(RecordType.FLOAT_SAMPLES, RecordType.of(enc.samples(floats, 0, 10)));
        assertSame(RecordType.FLOAT_HISTOGRAM_SAMPLES, RecordType.of(enc.floatHistogramSamples(hists, 0, 10)));
        ByteBuffer fr = copy(enc.samples(floats));
        ByteBuffer hr = copy(enc.floatHistogramSamples(hists));
        assertSame(RecordType.FLOAT_SAMPLES_WITH_STARTS, RecordType.of(fr));
        assertSame(RecordType.FLOAT_HISTOGRAM_SAMPLES_WITH_STARTS, RecordType.of(hr));
        SampleBatch floatsOut = new SampleBatch();
        FloatHistogramSampleBatch histsOut = new FloatHistogramSampleBatch();
        dec.samples(fr, floatsOut);
        dec.floatHistogramSamples(hr, histsOut);
        for (int i = 0; i < starts.length; i++) {
            assertEquals(starts[i], floatsOut.start(i));
            assertEquals(floats.timestamp(i), floatsOut.timestamp(i));
            assertEquals(floats.valueBits(i), floatsOut.valueBits(i));
            assertEquals(starts[i], histsOut.start(i));
            assertTrue(hists.histogram(i).contentEquals(histsOut.histogram(i)));
        }
        SampleBatch plain = new SampleBatch();
        dec.samples(enc.samples(floats, 0, 10), plain);
        assertEquals(0, plain.start(3));
    }

    @Test
    void invalidLabelSetsAreRejected() {
        SeriesBatch b = new SeriesBatch();
        assertThrows(IllegalArgumentException.class, () -> b.add(1, new String[] {"a"}));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, new String[] {"b", "1", "a", "2"}));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, new String[] {"a", "1", "a", "2"}));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, new String[] {"", "1"}));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, new String[] {"a", null}));
        b.add(1, new String[] {"a", "", "b", "x"});
        assertEquals(1, b.size());
    }

    @Test
    void wrongTypeIsReported() {
        RecordEncoder enc = new RecordEncoder();
        RecordDecoder dec = new RecordDecoder();
        ByteBuffer series = copy(enc.series(new SeriesBatch()));
        assertThrows(CorruptRecordException.class, () -> dec.samples(series, new SampleBatch()));
        assertThrows(CorruptRecordException.class, () -> RecordType.of(ByteBuffer.allocate(0)));
        assertThrows(CorruptRecordException.class, () -> RecordType.of(ByteBuffer.wrap(new byte[] {99})));
    }
}
