package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.testing.Seeded;
import io.hearth.storage.wal.WalOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head's cut chunks in the head chunk file: read back through queriers, rebuilt by replay
 * after a restart, their segments deleted by truncation, and still readable by a query that
 * snapshotted them before the truncation.
 */
@ExtendWith(Seeded.class)
class HeadChunksTest {

    private static final int SEGMENT = 16 << 10;
    private static final int SERIES = 30;
    private static final long STEP = 1000;

    private static Labels series(int i) {
        return Labels.of("__name__", "m", "i", Integer.toString(i));
    }

    private static double value(int i, long t) {
        return i * 1_000_000.0 + t / 7.0;
    }

    /** Appends samples at {@code STEP} intervals from {@code from} (inclusive) to {@code to} (exclusive). */
    private static void append(Head head, long from, long to) throws Exception {
        for (long t = from; t < to; t += STEP) {
            Appender a = head.appender();
            for (int i = 0; i < SERIES; i++) {
                a.append(series(i), t, value(i, t));
            }
            a.commit();
        }
    }

    private static List<Path> chunkFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve(HeadChunkFile.DIR))) {
            return s.sorted().toList();
        }
    }

    /** Every series holds exactly the samples from {@code from} to {@code to} (exclusive) with their values. */
    private static void assertHolds(Head head, long from, long to) throws Exception {
        try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of(LabelMatcher.equal("__name__", "m")));
            int n = 0;
            while (set.next()) {
                int i = Integer.parseInt(set.at().labels().get("i"));
                SampleIterator it = set.at().iterator(null);
                for (long t = from; t < to; t += STEP) {
                    assertEquals(ValueType.FLOAT, it.next(), "series " + i + " at " + t);
                    assertEquals(t, it.timestamp());
                    assertEquals(value(i, t), it.value());
                }
                assertEquals(ValueType.NONE, it.next());
                assertNull(it.err());
                n++;
            }
            assertEquals(SERIES, n);
        }
    }

    @Test
    void cutChunksAreReadFromTheFileAndARestartRebuildsThemFromTheWal(@TempDir Path dir) throws Exception {
        HeadOptions options = HeadOptions.defaults();
        try (Head head = Head.open(dir, options, SEGMENT)) {
            append(head, 0, 1000 * STEP);
            assertTrue(chunkFiles(dir).size() > 1, "cut chunks are in segment files: " + chunkFiles(dir));
            assertEquals(SERIES * 9L, head.stats().headChunks()); // 8 cut chunks of 120 and an open one of 40
            assertHolds(head, 0, 1000 * STEP);
        }
        assertEquals(List.of(), chunkFiles(dir), "closing discards the files");
        Files.write(dir.resolve(HeadChunkFile.DIR).resolve("00000099"), new byte[] {1, 2, 3});
        try (Head head = Head.open(dir, options, SEGMENT)) {
            assertFalse(chunkFiles(dir).contains(dir.resolve(HeadChunkFile.DIR).resolve("00000099")));
            assertTrue(chunkFiles(dir).size() > 1, "replay wrote the segments again");
            assertHolds(head, 0, 1000 * STEP);
            append(head, 1000 * STEP, 1100 * STEP);
            assertHolds(head, 0, 1100 * STEP);
        }
    }

    @Test
    void truncationDeletesTheSegmentsOfDroppedChunks(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.defaults(), SEGMENT)) {
            append(head, 0, 1200 * STEP);
            int before = chunkFiles(dir).size();
            long cut = 960 * STEP; // chunks are cut every 120 samples: 8 whole chunks go
            HeadTruncation.fence(head, cut);
            HeadTruncation.dropBefore(head, cut);
            int after = chunkFiles(dir).size();
            assertTrue(after < before / 2, "segments before " + before + ", after " + after);
            assertEquals(after, head.chunkFile.segmentCount());
            assertHolds(head, cut, 1200 * STEP);
            append(head, 1200 * STEP, 1300 * STEP);
            assertHolds(head, cut, 1300 * STEP);

            HeadTruncation.fence(head, 1300 * STEP);
            HeadTruncation.dropBefore(head, 1300 * STEP);
            assertEquals(List.of(), chunkFiles(dir), "nothing left in the head, no segment left");
            append(head, 1300 * STEP, 1500 * STEP);
            assertHolds(head, 1300 * STEP, 1500 * STEP);
        }
    }

    @Test
    void aQueryThatSnapshottedChunksBeforeATruncationStillReadsThem(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.defaults(), SEGMENT)) {
            append(head, 0, 600 * STEP);
            try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of(LabelMatcher.equal("i", "3")));
                assertTrue(set.next()); // the series's chunks are snapshotted here
                HeadTruncation.fence(head, 600 * STEP);
                HeadTruncation.dropBefore(head, 600 * STEP);
                assertEquals(List.of(), chunkFiles(dir));
                SampleIterator it = set.at().iterator(null);
                for (long t = 0; t < 600 * STEP; t += STEP) {
                    assertEquals(ValueType.FLOAT, it.next());
                    assertEquals(t, it.timestamp());
                    assertEquals(value(3, t), it.value());
                }
                assertEquals(ValueType.NONE, it.next());
            }
        }
    }

    /**
     * Readers race appends and step-wise truncations: every series a reader sees is a run of
     * consecutive samples with the right values, ending no earlier than what was appended before
     * the query started.
     */
    @Test
    void readersRacingTruncationsReadConsecutiveCorrectSamples(Random rnd, @TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.defaults(), SEGMENT)) {
            append(head, 0, 240 * STEP);
            AtomicBoolean stop = new AtomicBoolean();
            java.util.concurrent.atomic.AtomicLong appendedTo = new java.util.concurrent.atomic.AtomicLong(240 * STEP);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        int checked = 0;
                        while (!stop.get()) {
                            long known = appendedTo.get();
                            try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                                SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE,
                                        List.of(LabelMatcher.equal("__name__", "m")));
                                while (set.next()) {
                                    int i = Integer.parseInt(set.at().labels().get("i"));
                                    SampleIterator it = set.at().iterator(null);
                                    long prev = Long.MIN_VALUE;
                                    while (it.next() == ValueType.FLOAT) {
                                        long t = it.timestamp();
                                        if (prev != Long.MIN_VALUE && t != prev + STEP) {
                                            throw new AssertionError("series " + i + ": " + t + " after " + prev);
                                        }
                                        if (it.value() != value(i, t)) {
                                            throw new AssertionError("series " + i + " at " + t + ": " + it.value());
                                        }
                                        prev = t;
                                        checked++;
                                    }
                                    if (it.err() != null) {
                                        throw new AssertionError(it.err());
                                    }
                                    if (prev < known - STEP) {
                                        throw new AssertionError("series " + i + " ends at " + prev + ", before " + known);
                                    }
                                }
                            }
                        }
                        return checked;
                    }));
                }
                long t = 240 * STEP;
                for (int round = 0; round < 25; round++) {
                    long to = t + (60 + rnd.nextInt(120)) * STEP;
                    append(head, t, to);
                    appendedTo.set(to);
                    t = to;
                    long cut = t - (60 + rnd.nextInt(120)) * STEP;
                    HeadTruncation.fence(head, cut);
                    HeadTruncation.dropBefore(head, cut);
                }
                stop.set(true);
                for (Future<Integer> f : readers) {
                    assertTrue(f.get(60, TimeUnit.SECONDS) > 0);
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            }
        }
    }
}
