package io.hearth.storage.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.storage.record.RecordDecoder;
import io.hearth.storage.record.RecordEncoder;
import io.hearth.storage.record.RecordType;
import io.hearth.storage.record.SampleBatch;
import io.hearth.storage.record.SeriesBatch;
import io.hearth.storage.testing.Seeded;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL and the record codecs together, as the head will use them: several writers append a
 * series record and then sample records for it; replay must rebuild the same series and samples,
 * through a checkpoint and a reopen.
 */
@ExtendWith(Seeded.class)
class WalRecordReplayTest {

    @TempDir
    Path tmp;

    /** What the head would hold: labels by ref and the samples of each ref in order. */
    static final class Model {
        final Map<Long, String[]> series = new HashMap<>();
        final Map<Long, List<long[]>> samples = new HashMap<>();

        synchronized void series(long ref, String[] labels) {
            series.put(ref, labels);
        }

        synchronized void sample(long ref, long t, long bits) {
            samples.computeIfAbsent(ref, k -> new ArrayList<>()).add(new long[] {t, bits});
        }
    }

    static void apply(ByteBuffer rec, RecordDecoder dec, SeriesBatch sb, SampleBatch samples, Model into)
            throws java.io.IOException {
        switch (RecordType.of(rec)) {
            case SERIES -> {
                sb.clear();
                dec.series(rec, sb);
                for (int i = 0; i < sb.size(); i++) {
                    into.series(sb.ref(i), sb.labels(i));
                }
            }
            case FLOAT_SAMPLES -> {
                samples.clear();
                dec.samples(rec, samples);
                for (int i = 0; i < samples.size(); i++) {
                    assertTrue(into.series.containsKey(samples.ref(i)), "sample before its series " + samples.ref(i));
                    into.sample(samples.ref(i), samples.timestamp(i), samples.valueBits(i));
                }
            }
        }
    }

    static void assertSameModel(Model expected, Model actual) {
        assertEquals(expected.series.keySet(), actual.series.keySet());
        for (var e : expected.series.entrySet()) {
            assertArrayEquals(e.getValue(), actual.series.get(e.getKey()));
        }
        assertEquals(expected.samples.keySet(), actual.samples.keySet());
        for (var e : expected.samples.entrySet()) {
            List<long[]> got = actual.samples.get(e.getKey());
            assertEquals(e.getValue().size(), got.size(), "samples of ref " + e.getKey());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(e.getValue().get(i), got.get(i), "sample " + i + " of ref " + e.getKey());
            }
        }
    }

    @Test
    void concurrentWritersReplayIntoTheSameSeriesAndSamples(Random r) throws Exception {
        WalOptions options = new WalOptions(16 * 1024);
        Path dir = tmp.resolve("wal");
        Model expected = new Model();
        int writers = 4;
        long seed = r.nextLong();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    Random wr = new Random(seed + writer);
                    RecordEncoder enc = new RecordEncoder();
                    SeriesBatch sb = new SeriesBatch();
                    SampleBatch samples = new SampleBatch();
                    for (int s = 0; s < 20; s++) {
                        long ref = writer * 1000L + s;
                        String[] labels = {"__name__", "m" + wr.nextInt(5), "job", "w" + writer, "s", Integer.toString(s)};
                        sb.clear();
                        sb.add(ref, labels);
                        wal.append(enc.series(sb));
                        expected.series(ref, labels);
                        long t = 1_700_000_000_000L;
                        for (int batch = wr.nextInt(6); batch > 0; batch--) {
                            samples.clear();
                            for (int i = 1 + wr.nextInt(30); i > 0; i--) {
                                t += 15_000;
                                long bits = wr.nextInt(10) == 0 ? 0x7ff0000000000002L
                                        : Double.doubleToRawLongBits(wr.nextInt(1000) / 8.0);
                                samples.addBits(ref, t, bits);
                                expected.sample(ref, t, bits);
                            }
                            wal.append(enc.samples(samples));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();

            // Checkpoint everything so far, keeping all of it, as a head with no expired series would.
            int through = wal.cutSegment() - 1;
            List<byte[]> keep = new ArrayList<>();
            wal.read(through, rec -> {
                byte[] copy = new byte[rec.remaining()];
                rec.duplicate().get(copy);
                keep.add(copy);
            });
            wal.checkpoint(through, sink -> {
                for (byte[] k : keep) {
                    sink.add(ByteBuffer.wrap(k));
                }
            });
        }

        Model replayed = new Model();
        RecordDecoder dec = new RecordDecoder();
        SeriesBatch sb = new SeriesBatch();
        SampleBatch samples = new SampleBatch();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, rec -> apply(rec, dec, sb, samples, replayed))) {
            assertTrue(wal.activeSegment() > 0);
        }
        assertSameModel(expected, replayed);
    }
}
