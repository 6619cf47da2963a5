package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.storage.chunk.Encoding;
import io.hearth.storage.testing.Seeded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The head chunk file: chunks read back byte for byte, scratch files, deletion by time. */
@ExtendWith(Seeded.class)
class HeadChunkFileTest {

    private static final int SEGMENT = 64 << 10;

    private record Written(long ref, Encoding encoding, byte[] bytes, int samples) {
    }

    private static byte[] read(HeadChunkFile file, long ref) {
        HeadChunkFile.Segment s = file.segment(ref);
        int at = HeadChunkFile.offset(ref);
        byte[] out = new byte[HeadChunkFile.length(s, at)];
        s.buf.get(at + HeadChunkFile.HEADER_BYTES, out);
        return out;
    }

    private static List<Path> files(Path storeDir) throws Exception {
        try (Stream<Path> s = Files.list(storeDir.resolve(HeadChunkFile.DIR))) {
            return s.sorted().toList();
        }
    }

    @Test
    void chunksReadBackByteForByteAcrossSegmentsIncludingOneLargerThanASegment(Random rnd, @TempDir Path dir)
            throws Exception {
        Encoding[] encodings = {Encoding.XOR, Encoding.XOR_ST, Encoding.FLOAT_HISTOGRAM, Encoding.FLOAT_HISTOGRAM_ST};
        List<Written> written = new ArrayList<>();
        try (HeadChunkFile file = HeadChunkFile.open(dir, SEGMENT)) {
            for (int i = 0; i < 1500; i++) {
                byte[] b = new byte[i == 700 ? 3 * SEGMENT : 1 + rnd.nextInt(600)];
                rnd.nextBytes(b);
                Encoding e = encodings[rnd.nextInt(encodings.length)];
                int samples = 1 + rnd.nextInt(120);
                written.add(new Written(file.append(e, b, samples, i), e, b, samples));
            }
            assertTrue(file.segmentCount() > 5, "segments: " + file.segmentCount());
            assertEquals(file.segmentCount(), files(dir).size());
            for (Written w : written) {
                HeadChunkFile.Segment s = file.segment(w.ref());
                int at = HeadChunkFile.offset(w.ref());
                assertEquals(w.encoding(), HeadChunkFile.encoding(s, at));
                assertEquals(w.samples(), HeadChunkFile.samples(s, at));
                assertArrayEquals(w.bytes(), read(file, w.ref()));
            }
        }
        assertEquals(List.of(), files(dir), "closing deletes the scratch files");
    }

    @Test
    void openingDeletesWhatAPreviousRunLeft(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve(HeadChunkFile.DIR));
        Files.write(dir.resolve(HeadChunkFile.DIR).resolve("00000007"), new byte[100]);
        try (HeadChunkFile file = HeadChunkFile.open(dir, SEGMENT)) {
            assertEquals(List.of(), files(dir));
            long ref = file.append(Encoding.XOR, new byte[] {1, 2, 3}, 1, 10);
            assertArrayEquals(new byte[] {1, 2, 3}, read(file, ref));
        }
    }

    /** A segment that cannot be written (here its name is taken) is kept on the heap instead. */
    @Test
    void aSegmentThatCannotBeWrittenIsKeptOnTheHeap(@TempDir Path dir) throws Exception {
        try (HeadChunkFile file = HeadChunkFile.open(dir, SEGMENT)) {
            Files.createDirectories(dir.resolve(HeadChunkFile.DIR).resolve("00000000"));
            long ref = file.append(Encoding.XOR, new byte[] {4, 5, 6}, 3, 10);
            assertEquals(null, file.segment(ref).path);
            assertArrayEquals(new byte[] {4, 5, 6}, read(file, ref));
            assertEquals(0, file.mappedBytes());
            Files.deleteIfExists(dir.resolve(HeadChunkFile.DIR).resolve("00000000"));
            byte[] big = new byte[SEGMENT];
            long next = file.append(Encoding.XOR, big, 1, 20); // does not fit: the next segment is a file
            assertTrue(file.segment(next).path != null);
            assertArrayEquals(big, read(file, next));
            assertArrayEquals(new byte[] {4, 5, 6}, read(file, ref));
        }
    }

    @Test
    void deleteBeforeRemovesOnlySegmentsWhoseChunksAllEndedAndReadersKeepWhatTheyHold(@TempDir Path dir)
            throws Exception {
        try (HeadChunkFile file = HeadChunkFile.open(dir, SEGMENT)) {
            List<Written> written = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                byte[] b = new byte[200];
                java.util.Arrays.fill(b, (byte) i);
                written.add(new Written(file.append(Encoding.XOR, b, i, 1000L * i), Encoding.XOR, b, i));
            }
            int before = file.segmentCount();
            assertTrue(before > 3);
            HeadChunkFile.Segment held = file.segment(written.get(0).ref()); // a reader's snapshot
            int cut = 500;
            file.deleteBefore(1000L * cut);
            // a segment goes only if every chunk in it ended before the cut
            long firstKeptSegment = written.get(cut).ref() >>> 32;
            for (Written w : written) {
                if ((w.ref() >>> 32) < firstKeptSegment) {
                    assertThrows(IllegalStateException.class, () -> file.segment(w.ref()));
                } else {
                    assertArrayEquals(w.bytes(), read(file, w.ref()));
                }
            }
            assertEquals(before - firstKeptSegment, file.segmentCount());
            assertEquals(file.segmentCount(), files(dir).size(), "the files of deleted segments are gone");
            assertFalse(Files.exists(held.path));
            byte[] stillThere = new byte[200];
            held.buf.get(HeadChunkFile.HEADER_BYTES, stillThere);
            assertArrayEquals(written.get(0).bytes(), stillThere, "a mapping outlives its deleted file");

            file.deleteBefore(Long.MAX_VALUE);
            assertEquals(0, file.segmentCount());
            assertEquals(List.of(), files(dir));
            long next = file.append(Encoding.XOR, new byte[] {9}, 1, 5);
            assertArrayEquals(new byte[] {9}, read(file, next), "appends go on in a new segment");
            assertTrue((next >>> 32) >= before, "segment numbers are never reused");
        }
    }
}
