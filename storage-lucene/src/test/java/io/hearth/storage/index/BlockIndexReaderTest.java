package io.hearth.storage.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    /** Series shaped like a block's: shared names, values repeating across series, refs near their neighbours', some far off. */
    private List<Written> write(SplittableRandom random, int series) throws IOException {
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
            labels.add(b.build());
        }
        labels.sort(null);
        try (BlockIndexWriter w = new BlockIndexWriter(dir)) {
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
