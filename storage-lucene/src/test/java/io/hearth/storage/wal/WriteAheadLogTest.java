package io.hearth.storage.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.storage.testing.Seeded;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The log checked against an in-memory list of the records appended. */
@ExtendWith(Seeded.class)
class WriteAheadLogTest {

    @TempDir
    Path tmp;

    final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
    final Logger walLogger = Logger.getLogger(WriteAheadLog.class.getName());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        walLogger.addHandler(capture);
        walLogger.setUseParentHandlers(false); // expected warnings; captured and asserted on
    }

    @AfterEach
    void releaseLog() {
        walLogger.removeHandler(capture);
        walLogger.setUseParentHandlers(true);
    }

    static byte[] randomRecord(Random r, int maxLength) {
        int len = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(r.nextBoolean() ? 64 : maxLength);
        byte[] b = new byte[len];
        r.nextBytes(b);
        return b;
    }

    /** {@code count} records of {@link #randomRecord}, drawn in order. */
    static List<byte[]> randomRecords(Random r, int count, int maxLength) {
        List<byte[]> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(randomRecord(r, maxLength));
        }
        return records;
    }

    static List<byte[]> replay(Path dir, WalOptions options) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, r -> out.add(copy(r)))) {
            return out;
        }
    }

    static byte[] copy(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    static void assertRecords(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "record count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
        }
    }

    /** Appends the records in random groups, so single and multi-record appends both happen. */
    static void appendAll(WriteAheadLog wal, List<byte[]> records, Random r) throws IOException {
        long room = wal.options().maxSegmentBytes() - FileHeader.SEGMENT.size();
        int i = 0;
        while (i < records.size()) {
            int n = Math.min(records.size() - i, r.nextInt(4) == 0 ? 1 + r.nextInt(4) : 1);
            long framed = 0;
            for (int j = 0; j < n; j++) {
                framed += Frames.FRAME_HEADER_BYTES + records.get(i + j).length;
                if (framed > room) {
                    n = Math.max(1, j);
                    break;
                }
            }
            ByteBuffer[] group = new ByteBuffer[n];
            for (int j = 0; j < n; j++) {
                group[j] = ByteBuffer.wrap(records.get(i + j));
            }
            wal.append(group);
            i += n;
        }
    }

    List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted().toList();
        }
    }

    @Test
    void replayReturnsWhatWasAppendedAcrossSegmentsAndReopens(Random r) throws IOException {
        WalOptions options = new WalOptions(4096);
        Path dir = tmp.resolve("wal");
        List<byte[]> model = new ArrayList<>();
        for (int session = 0; session < 4; session++) {
            List<byte[]> replayed = new ArrayList<>();
            try (WriteAheadLog wal = WriteAheadLog.open(dir, options, rec -> replayed.add(copy(rec)))) {
                assertRecords(model, replayed);
                List<byte[]> more = new ArrayList<>();
                for (int i = r.nextInt(300); i > 0; i--) {
                    more.add(randomRecord(r, 1500));
                }
                appendAll(wal, more, r);
                model.addAll(more);
            }
        }
        assertRecords(model, replay(dir, options));
        assertTrue(segmentFiles(dir).size() > 3, "small segments roll over");
        for (Path p : segmentFiles(dir)) {
            assertTrue(Files.size(p) <= options.maxSegmentBytes(), p + " within the segment limit");
        }
        assertTrue(logged.stream().noneMatch(l -> l.getLevel().intValue() >= Level.WARNING.intValue()),
                "a clean log replays without warnings");
    }

    @Test
    void concurrentAppendersAreAllDurableAndReplayedInTheirOrder(Random r) throws Exception {
        WalOptions options = new WalOptions(64 * 1024);
        Path dir = tmp.resolve("wal");
        int threads = 8;
        int perThread = 400;
        long seed = r.nextLong();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    Random tr = new Random(seed + thread);
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        ByteBuffer b = ByteBuffer.allocate(8 + tr.nextInt(200));
                        b.putInt(0, thread).putInt(4, i);
                        wal.append(b);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            // Acknowledged means written: a copy of the files taken now, before close, holds everything.
            Path copy = tmp.resolve("copy");
            Files.createDirectories(copy);
            for (Path p : segmentFiles(dir)) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
            assertEquals(threads * perThread, replay(copy, options).size());
        }
        List<byte[]> replayed = replay(dir, options);
        assertEquals(threads * perThread, replayed.size());
        int[] next = new int[threads];
        for (byte[] rec : replayed) {
            ByteBuffer b = ByteBuffer.wrap(rec);
            int thread = b.getInt(0);
            assertEquals(next[thread], b.getInt(4), "thread " + thread + " records in order");
            next[thread]++;
        }
    }

    /** Where each record's frame ended up, reconstructed from the file sizes and record lengths. */
    record Placement(int file, long end) {}

    List<Placement> placements(List<Path> files, List<byte[]> records) throws IOException {
        List<Placement> out = new ArrayList<>();
        int rec = 0;
        for (int f = 0; f < files.size(); f++) {
            long size = Files.size(files.get(f));
            long pos = FileHeader.SEGMENT.size();
            while (pos < size) {
                pos += Frames.FRAME_HEADER_BYTES + records.get(rec++).length;
                out.add(new Placement(f, pos));
            }
            assertEquals(size, pos, "frames fill " + files.get(f));
        }
        assertEquals(records.size(), rec);
        return out;
    }

    @Test
    void tornOrCorruptBytesLeaveExactlyTheGoodPrefix(Random r) throws IOException {
        WalOptions options = new WalOptions(8192);
        for (int round = 0; round < 40; round++) {
            Path dir = tmp.resolve("wal" + round);
            List<byte[]> model = randomRecords(r, 1 + r.nextInt(120), 700);
            try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
                appendAll(wal, model, r);
            }
            List<Path> files = segmentFiles(dir);
            // The empty active segment of the closed log holds no frames; damage a file with data.
            List<Placement> placed = placements(files, model);
            int victim = r.nextInt(r.nextBoolean() ? files.size() : placed.get(placed.size() - 1).file() + 1);
            Path file = files.get(victim);
            long size = Files.size(file);
            boolean flip = r.nextBoolean();
            long at = r.nextLong(size);
            // A cut exactly between frames is indistinguishable from a shorter file; see wal.md.
            while (!flip && isFrameBoundary(placed, victim, at)) {
                at = r.nextLong(size);
            }
            if (flip) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    ByteBuffer one = ByteBuffer.allocate(1);
                    ch.read(one, at);
                    one.put(0, (byte) (one.get(0) ^ (1 + r.nextInt(255)))).position(0);
                    ch.write(one, at);
                }
            } else {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(at);
                }
            }
            List<byte[]> expected = new ArrayList<>();
            for (int i = 0; i < model.size(); i++) {
                Placement p = placed.get(i);
                if (p.file() < victim || (p.file() == victim && p.end() <= at)) {
                    expected.add(model.get(i));
                } else {
                    break;
                }
            }
            logged.clear();
            String what = (flip ? "flipped byte " : "truncated at ") + at + " of " + file.getFileName();
            List<byte[]> replayed = replay(dir, options);
            assertRecords(expected, replayed);
            assertTrue(logged.stream().anyMatch(l -> l.getLevel() == Level.WARNING
                            && l.getMessage().contains("dropped")),
                    "damage is logged: " + what);
            // The repair sticks: the next open is clean and appends continue after the prefix.
            logged.clear();
            byte[] extra = randomRecord(r, 100);
            try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
                wal.append(ByteBuffer.wrap(extra));
            }
            expected.add(extra);
            assertRecords(expected, replay(dir, options));
            assertTrue(logged.isEmpty(), "no warnings after repair: " + what);
        }
    }

    static boolean isFrameBoundary(List<Placement> placed, int file, long offset) {
        if (offset == FileHeader.SEGMENT.size()) {
            return true;
        }
        return placed.stream().anyMatch(p -> p.file() == file && p.end() == offset);
    }

    @Test
    void aMissingMiddleSegmentEndsTheLogThere(Random r) throws IOException {
        WalOptions options = new WalOptions(1024);
        Path dir = tmp.resolve("wal");
        List<byte[]> model = randomRecords(r, 100, 300);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
            appendAll(wal, model, r);
        }
        List<Path> files = segmentFiles(dir);
        List<Placement> placed = placements(files, model);
        int missing = 1 + r.nextInt(files.size() - 2);
        Files.delete(files.get(missing));
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < model.size() && placed.get(i).file() < missing; i++) {
            expected.add(model.get(i));
        }
        assertRecords(expected, replay(dir, options));
        assertTrue(logged.stream().anyMatch(l -> l.getMessage().contains("missing")));
    }

    @Test
    void checkpointReplacesOldSegments(Random r) throws IOException {
        WalOptions options = new WalOptions(2048);
        Path dir = tmp.resolve("wal");
        List<byte[]> kept = new ArrayList<>();
        List<byte[]> after = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
            List<byte[]> first = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                first.add(randomRecord(r, 200));
            }
            appendAll(wal, first, r);
            int through = wal.cutSegment() - 1;
            assertThrows(IllegalArgumentException.class, () -> wal.checkpoint(through + 1, sink -> { }));
            // Keep every other record, as a head would keep only live series.
            List<byte[]> read = new ArrayList<>();
            wal.read(through, rec -> read.add(copy(rec)));
            assertRecords(first, read);
            for (int i = 0; i < read.size(); i += 2) {
                kept.add(read.get(i));
            }
            wal.checkpoint(through, sink -> {
                for (byte[] k : kept) {
                    sink.add(ByteBuffer.wrap(k));
                }
            });
            for (Path p : segmentFiles(dir)) {
                int index = Integer.parseInt(p.getFileName().toString().substring(0, 8));
                assertTrue(index > through, p + " should have been removed by the checkpoint");
            }
            for (int i = 0; i < 30; i++) {
                after.add(randomRecord(r, 200));
            }
            appendAll(wal, after, r);
            // A second checkpoint reads the first one and supersedes it.
            int through2 = wal.cutSegment() - 1;
            List<byte[]> read2 = new ArrayList<>();
            wal.read(through2, rec -> read2.add(copy(rec)));
            List<byte[]> both = new ArrayList<>(kept);
            both.addAll(after);
            assertRecords(both, read2);
        }
        List<byte[]> expected = new ArrayList<>(kept);
        expected.addAll(after);
        assertRecords(expected, replay(dir, options));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("checkpoint.")).count());
        }
    }

    @Test
    void damageInsideTheCheckpointEndsTheLogThere(Random r) throws IOException {
        WalOptions options = new WalOptions(2048);
        Path dir = tmp.resolve("wal");
        List<byte[]> kept = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            kept.add(randomRecord(r, 100));
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
            appendAll(wal, kept, r);
            int through = wal.cutSegment() - 1;
            wal.checkpoint(through, sink -> {
                for (byte[] k : kept) {
                    sink.add(ByteBuffer.wrap(k));
                }
            });
            appendAll(wal, List.of(randomRecord(r, 100), randomRecord(r, 100)), r);
        }
        Path checkpoint;
        try (Stream<Path> s = Files.list(dir)) {
            checkpoint = s.filter(p -> p.getFileName().toString().startsWith("checkpoint.")).findFirst().orElseThrow();
        }
        long headerBytes = FileHeader.CHECKPOINT.size();
        // Cut the checkpoint inside record k's frame: records before k survive, nothing after.
        int k = r.nextInt(kept.size());
        long start = headerBytes;
        for (int i = 0; i < k; i++) {
            start += Frames.FRAME_HEADER_BYTES + kept.get(i).length;
        }
        long at = start + 1 + r.nextInt(Frames.FRAME_HEADER_BYTES + kept.get(k).length - 1);
        try (FileChannel ch = FileChannel.open(checkpoint, StandardOpenOption.WRITE)) {
            ch.truncate(at);
        }
        logged.clear();
        assertRecords(kept.subList(0, k), replay(dir, options));
        assertTrue(logged.stream().anyMatch(l -> l.getMessage().contains("later segment")),
                "the segments after a damaged checkpoint are dropped and logged");
        assertRecords(kept.subList(0, k), replay(dir, options));
    }

    @Test
    void truncateBeforeDropsOldSegmentsButNeverTheActiveOne(Random r) throws IOException {
        WalOptions options = new WalOptions(1024);
        Path dir = tmp.resolve("wal");
        List<byte[]> model = randomRecords(r, 60, 200);
        List<byte[]> expected = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
            appendAll(wal, model, r);
            List<Placement> placed = placements(segmentFiles(dir), model);
            int cut = placed.get(model.size() / 2).file();
            wal.truncateBefore(cut);
            for (int i = 0; i < model.size(); i++) {
                if (placed.get(i).file() >= cut) {
                    expected.add(model.get(i));
                }
            }
        }
        assertRecords(expected, replay(dir, options));
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
            wal.truncateBefore(Integer.MAX_VALUE);
            assertEquals(List.of(dir.resolve(WriteAheadLog.segmentName(wal.activeSegment()))), segmentFiles(dir),
                    "only the active segment is left");
        }
        assertRecords(List.of(), replay(dir, options));
    }

    @Test
    void leftoverCheckpointTempFileIsIgnored(Random r) throws IOException {
        Path dir = tmp.resolve("wal");
        byte[] rec = randomRecord(r, 100);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults(), null)) {
            wal.append(ByteBuffer.wrap(rec));
        }
        Files.write(dir.resolve("checkpoint.00000000.tmp"), new byte[] {1, 2, 3});
        assertRecords(List.of(rec), replay(dir, WalOptions.defaults()));
        assertFalse(Files.exists(dir.resolve("checkpoint.00000000.tmp")));
    }

    @Test
    void aNewerFormatVersionIsRefusedNotTruncated() throws IOException {
        Path dir = tmp.resolve("wal");
        Files.createDirectories(dir);
        ByteBuffer h = FileHeader.SEGMENT.encode(0);
        int versionAt = 5 + FileHeader.SEGMENT.formatName().length();
        h.putInt(versionAt, FileHeader.VERSION + 1);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, h.limit() - 4);
        h.putInt(h.limit() - 4, (int) crc.getValue());
        Path seg = dir.resolve(WriteAheadLog.segmentName(0));
        Files.write(seg, h.array());
        CorruptWalException e = assertThrows(CorruptWalException.class,
                () -> WriteAheadLog.open(dir, WalOptions.defaults(), null));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        assertEquals(h.limit(), Files.size(seg), "the file is left alone");
    }

    @Test
    void anInterruptedAppenderNeitherFailsNorBreaksTheLog(Random r) throws Exception {
        Path dir = tmp.resolve("wal");
        WalOptions options = new WalOptions(1024);
        List<byte[]> model = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
            for (int i = 0; i < 50; i++) {
                byte[] rec = randomRecord(r, 200);
                model.add(rec);
                if (i % 3 == 0) {
                    Thread.currentThread().interrupt();
                }
                wal.append(ByteBuffer.wrap(rec));
                if (i % 3 == 0) {
                    assertTrue(Thread.interrupted(), "the interrupt flag is kept for the caller");
                }
                if (i % 10 == 0) {
                    Thread.currentThread().interrupt();
                    wal.cutSegment();
                    assertTrue(Thread.interrupted());
                }
            }
        } finally {
            Thread.interrupted();
        }
        assertRecords(model, replay(dir, options));
    }

    @Test
    void misuseIsRejected() throws IOException {
        Path dir = tmp.resolve("wal");
        WalOptions options = new WalOptions(1024);
        WriteAheadLog wal = WriteAheadLog.open(dir, options, null);
        assertThrows(IOException.class, () -> WriteAheadLog.open(dir, options, null), "one owner per directory");
        assertThrows(IllegalArgumentException.class,
                () -> wal.append(ByteBuffer.allocate(options.maxRecordBytes() + 1)));
        wal.append(ByteBuffer.allocate(options.maxRecordBytes()));
        assertThrows(IllegalArgumentException.class,
                () -> wal.append(ByteBuffer.allocate(600), ByteBuffer.allocate(600)),
                "one append's records share a segment");
        wal.close();
        assertThrows(IllegalStateException.class, () -> wal.append(ByteBuffer.allocate(1)));
        wal.close();
        assertEquals(1, replay(dir, options).size());
    }

    @Test
    void withoutAForceIntervalEveryCommitForces() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(tmp.resolve("wal"), new WalOptions(1 << 20), null)) {
            for (int i = 0; i < 5; i++) {
                wal.append(ByteBuffer.wrap(new byte[] {(byte) i}));
            }
            assertEquals(5, wal.commitCount());
            assertEquals(5, wal.forceCount());
            wal.force(); // nothing left unforced
            assertEquals(5, wal.forceCount());
        }
    }

    @Test
    void aForceIntervalDefersForcesButEveryAcknowledgedRecordIsAlreadyInTheFile(Random r) throws IOException {
        WalOptions options = new WalOptions(4096, 3_600_000);
        Path dir = tmp.resolve("wal");
        List<byte[]> model = randomRecords(r, 300, 200);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
            appendAll(wal, model, r);
            assertTrue(wal.commitCount() > 100);
            assertEquals(0, wal.forceCount(), "an hour's interval: no commit forced (full segments are forced when closed)");
            // What a kill -9 leaves: the files as they are, the log never closed. A copy replays
            // every acknowledged record, since each commit wrote its records before returning.
            Path copy = tmp.resolve("copy");
            Files.createDirectories(copy);
            for (Path f : segmentFiles(dir)) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
            assertRecords(model, replay(copy, options));
            wal.force();
            assertEquals(1, wal.forceCount(), "force() forces what the commits left");
            wal.force();
            assertEquals(1, wal.forceCount(), "and nothing when nothing is left");
        }
        assertRecords(model, replay(dir, options));
    }

    @Test
    void aCommitForcesOnceTheLastForceIsAsOldAsTheInterval() throws Exception {
        try (WriteAheadLog wal = WriteAheadLog.open(tmp.resolve("wal"), new WalOptions(1 << 20, 50), null)) {
            wal.append(ByteBuffer.wrap(new byte[] {1}));
            Thread.sleep(120);
            wal.append(ByteBuffer.wrap(new byte[] {2})); // the interval has passed: this commit forces
            assertTrue(wal.forceCount() >= 1, "forces: " + wal.forceCount());
        }
    }

    @Test
    void aNegativeForceIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WalOptions(4096, -1));
    }

    @Test
    void forceAfterCloseDoesNothing() throws IOException {
        WriteAheadLog wal = WriteAheadLog.open(tmp.resolve("wal"), new WalOptions(4096, 60_000), null);
        wal.append(ByteBuffer.wrap(new byte[] {1}));
        wal.close();
        wal.force();
        assertEquals(0, wal.forceCount(), "closing forced the segment itself");
    }
}
