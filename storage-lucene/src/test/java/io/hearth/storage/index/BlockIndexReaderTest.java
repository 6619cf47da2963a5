package io.hearth.storage.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Series read back from a written block index: every series's labels and numbers as written,
 * whether read in position order (as selects do), backwards, at random, or by several readers at
 * once; and a damaged series file refused at open.
 */
class BlockIndexReaderTest {

    @TempDir
    Path dir;

    record Written(Labels labels, long[] refs) {
    }

    /**
     * Series shaped like a block's: shared names, values repeating across series, refs near their
     * neighbours', some far off, now and then many labels; in the current series file version.
     */
    private List<Written> write(SplittableRandom random, int series) throws IOException {
        // a chain as blocks have, though these numbers do not follow it: they must read back all the same
        return write(random, series, SeriesFile.VERSION, new NumberChain(4, 2, 3, 5));
    }

    private List<Written> write(SplittableRandom random, int series, int version, NumberChain chain) throws IOException {
        List<Written> written = new ArrayList<>();
        List<Labels> labels = new ArrayList<>();
        for (int i = 0; i < series; i++) {
            Labels.Builder b = Labels.builder().set("__name__", "m" + (i / 700)).set("i", String.format("%06d", i));
            if (random.nextInt(3) == 0) {
                b.set("mode", List.of("idle", "user", "system", "x\u00e9\u4e2d").get(random.nextInt(4)));
            }
            if (random.nextInt(50) == 0) {
                b.set("z" + random.nextInt(100), Long.toString(random.nextLong()));
            }
            if (random.nextInt(40) == 0) { // more fresh pairs than a version-2 head holds
                for (int k = random.nextInt(6, 20); k > 0; k--) {
                    b.set("w" + k, Integer.toString(random.nextInt(3)));
                }
            }
            labels.add(b.build());
        }
        labels.sort(null);
        try (BlockIndexWriter w = new BlockIndexWriter(dir, version, chain)) {
            long base = 1_700_000_000_000L;
            for (Labels l : labels) {
                long[] refs = new long[4 * random.nextInt(0, 4)];
                for (int j = 0; j < refs.length; j++) {
                    refs[j] = random.nextInt(20) == 0 ? random.nextLong() : base + random.nextInt(-1000, 1000) * (j + 1);
                }
                written.add(new Written(l, refs));
                w.add(l, refs);
            }
            w.finish();
        }
        return written;
    }

    @Test
    void seriesReadBackAsWrittenInAnyOrder() throws Exception {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        int series = 5_000; // many groups of entries and of symbols
        List<Written> written = write(random, series);
        try (BlockIndexReader r = new BlockIndexReader(dir)) {
            assertEquals(series, r.size());
            assertFalse(r.hasStoredEntries());
            int[] all = r.select(List.of(new LabelMatcher(LabelMatcher.Type.REGEX, "__name__", "m.*")));
            assertEquals(series, all.length);
            IntFunction<BlockIndexReader.SeriesRecord> forward = r.series();
            for (int p : all) {
                check(written.get(p), forward.apply(p), "position " + p + "; replay with -Dtests.seed=" + seed);
            }
            IntFunction<BlockIndexReader.SeriesRecord> backward = r.series();
            IntFunction<BlockIndexReader.SeriesRecord> other = r.series(); // interleaved with the backward reader
            for (int p = series - 1; p >= 0; p--) {
                check(written.get(p), backward.apply(p), "position " + p + "; replay with -Dtests.seed=" + seed);
                int q = random.nextInt(series);
                check(written.get(q), other.apply(q), "position " + q + "; replay with -Dtests.seed=" + seed);
            }
            IntFunction<BlockIndexReader.SeriesRecord> some = r.series();
            for (int p : r.select(List.of(new LabelMatcher(LabelMatcher.Type.REGEX, "i", "00.*7")))) {
                check(written.get(p), some.apply(p), "position " + p + "; replay with -Dtests.seed=" + seed);
            }
            assertThrows(IndexOutOfBoundsException.class, () -> r.series().apply(series));
        }
    }

    /** Selects give the positions of exactly the series a brute-force check of every matcher accepts. */
    @Test
    void selectsAgreeWithBruteForce() throws Exception {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        List<Written> written = write(random, 3_000);
        String[] names = {"__name__", "i", "mode", "z7", "absent"};
        String[] values = {"", "m0", "m3", "idle", "user", "x\u00e9\u4e2d", "000007", "nope"};
        String[] regexes = {"m.*", "m[13]", "idle|", "0001.*", ".*", ".+", "", "(?i)IDLE", "us.*|sys.*", "\\d+"};
        try (BlockIndexReader r = new BlockIndexReader(dir)) {
            for (int q = 0; q < 300; q++) {
                List<LabelMatcher> matchers = new ArrayList<>();
                for (int k = random.nextInt(4); k > 0; k--) {
                    LabelMatcher.Type type = LabelMatcher.Type.values()[random.nextInt(4)];
                    boolean regex = type == LabelMatcher.Type.REGEX || type == LabelMatcher.Type.NOT_REGEX;
                    String value = regex ? regexes[random.nextInt(regexes.length)] : values[random.nextInt(values.length)];
                    matchers.add(new LabelMatcher(type, names[random.nextInt(names.length)], value));
                }
                int[] expected = java.util.stream.IntStream.range(0, written.size())
                        .filter(p -> LucenePostings.matchesAll(written.get(p).labels(), matchers)).toArray();
                assertArrayEquals(expected, r.select(matchers), "matchers " + matchers + "; replay with -Dtests.seed=" + seed);
            }
        }
    }

    @Test
    void version1SeriesFilesStillReadAndVersion2IsSmaller() throws Exception {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        List<Written> old = write(new SplittableRandom(seed), 3_000, SeriesFile.VERSION_SEPARATE_COUNTS, null);
        long oldBytes = Files.size(dir.resolve(SeriesFile.NAME));
        try (BlockIndexReader r = new BlockIndexReader(dir)) {
            IntFunction<BlockIndexReader.SeriesRecord> forward = r.series();
            for (int p = 0; p < old.size(); p++) {
                check(old.get(p), forward.apply(p), "version 1, position " + p + "; replay with -Dtests.seed=" + seed);
            }
        }
        for (Path f : Files.list(dir).toList()) {
            Files.delete(f);
        }
        List<Written> now = write(new SplittableRandom(seed), 3_000, SeriesFile.VERSION, null); // the same series as before
        try (BlockIndexReader r = new BlockIndexReader(dir)) {
            for (int p = now.size() - 1; p >= 0; p--) {
                check(now.get(p), r.series().apply(p), "version 2, position " + p + "; replay with -Dtests.seed=" + seed);
            }
        }
        long newBytes = Files.size(dir.resolve(SeriesFile.NAME));
        assertTrue(newBytes < oldBytes - 2_000, "version 2 " + newBytes + " bytes, version 1 " + oldBytes);
    }

    @Test
    void positionsThatContinueTheSeriesBeforeAreLeftOut() throws Exception {
        // numbers as a block's: per chunk minT, span, offset (the first absolute, later ones from the
        // end of the frame before) and length; frames follow each other with 5 bytes of overhead
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        List<Labels> labels = new ArrayList<>();
        List<long[]> refs = new ArrayList<>();
        long at = 8;
        for (int i = 0; i < 1_000; i++) {
            labels.add(Labels.of("__name__", "m", "i", String.format("%06d", i)));
            long[] r = new long[4 * random.nextInt(0, 3)];
            for (int c = 0; c < r.length / 4; c++) {
                r[4 * c] = 1_700_000_000_000L + random.nextInt(1000);
                r[4 * c + 1] = 7_200_000 - random.nextInt(100);
                r[4 * c + 2] = c == 0 ? at : 0;
                r[4 * c + 3] = random.nextInt(100, 2_000);
                at += r[4 * c + 3] + 5;
            }
            if (random.nextInt(100) == 0 && r.length > 0) {
                r[2] += random.nextInt(1, 50); // a gap in the stream: still read back exactly
                at = new NumberChain(4, 2, 3, 5).end(r, r.length, 0);
            }
            refs.add(r);
        }
        long[] sizes = new long[2];
        for (int chained = 0; chained < 2; chained++) {
            for (Path f : Files.list(dir).toList()) {
                Files.delete(f);
            }
            try (BlockIndexWriter w = new BlockIndexWriter(dir, chained == 1 ? new NumberChain(4, 2, 3, 5) : null)) {
                for (int i = 0; i < labels.size(); i++) {
                    w.add(labels.get(i), refs.get(i));
                }
                w.finish();
            }
            sizes[chained] = Files.size(dir.resolve(SeriesFile.NAME));
            try (BlockIndexReader r = new BlockIndexReader(dir)) {
                IntFunction<BlockIndexReader.SeriesRecord> forward = r.series();
                for (int p = 0; p < labels.size(); p++) {
                    check(new Written(labels.get(p), refs.get(p)), forward.apply(p), "position " + p + "; replay with -Dtests.seed=" + seed);
                }
                IntFunction<BlockIndexReader.SeriesRecord> some = r.series();
                for (int p = labels.size() - 1; p >= 0; p -= random.nextInt(1, 40)) {
                    check(new Written(labels.get(p), refs.get(p)), some.apply(p), "position " + p + "; replay with -Dtests.seed=" + seed);
                }
            }
        }
        assertTrue(sizes[1] < sizes[0] - 1_000, "chained " + sizes[1] + " bytes, not " + sizes[0]);
    }

    @Test
    void anEmptyIndexReadsAsEmpty() throws Exception {
        try (BlockIndexWriter w = new BlockIndexWriter(dir)) {
            w.finish();
        }
        try (BlockIndexReader r = new BlockIndexReader(dir)) {
            assertEquals(0, r.size());
            assertEquals(0, r.select(List.of(LabelMatcher.equal("__name__", "m"))).length);
        }
    }

    @Test
    void aTruncatedSeriesFileIsRefusedAtOpen() throws Exception {
        write(new SplittableRandom(1), 100);
        Path file = dir.resolve(SeriesFile.NAME);
        try (var ch = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }
        assertThrows(IOException.class, () -> new BlockIndexReader(dir).close());
    }

    @Test
    void aSeriesFileWithAnotherSeriesCountIsRefusedAtOpen() throws Exception {
        write(new SplittableRandom(2), 100);
        Path other = dir.resolveSibling(dir.getFileName() + "-other");
        Files.createDirectories(other);
        Path keep = dir;
        dir = other;
        write(new SplittableRandom(2), 99);
        Files.copy(other.resolve(SeriesFile.NAME), keep.resolve(SeriesFile.NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThrows(IOException.class, () -> new BlockIndexReader(keep).close());
    }

    private static void check(Written want, BlockIndexReader.SeriesRecord got, String where) {
        assertEquals(want.labels(), got.labels(), where);
        assertArrayEquals(want.refs(), got.refs(), where);
    }
}
