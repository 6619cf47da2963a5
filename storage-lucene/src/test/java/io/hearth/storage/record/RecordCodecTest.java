package io.hearth.storage.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
