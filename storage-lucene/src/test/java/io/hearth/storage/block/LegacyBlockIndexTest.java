package io.hearth.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.chunk.WorkspaceChunks;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block written by the code before the index's series file (kept in test resources
 * {@code block-index-v1/}: its index keeps each series's labels and chunk references in a stored
 * field) still opens and selects, also beside a block written now, and compacts with it into a
 * block of the current layout holding the samples of both.
 *
 * <p>The old block holds 12 series {@code fixture_metric{instance="host-<a..l>:9100",job="node"}};
 * series {@code s} has 480 samples at {@code T0 + s*1000 + k*15000} of value {@code s*1000 + k*1.5}.
 */
class LegacyBlockIndexTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final String OLD_ID = "01HF7YAT00KGZ95T5SEHDT0X9P";

    @TempDir
    Path dir;

    private WorkspaceChunks copyFixture() throws IOException, URISyntaxException {
        BlockFixtures.copy("block-index-v1", dir);
        return new LocalDiskChunkBackend().workspace("legacy", dir);
    }

    private static Labels labels(int s) {
        return Labels.of("__name__", "fixture_metric", "instance", "host-" + (char) ('a' + s) + ":9100", "job", "node");
    }

    /** Reads every selected sample as {@code labels -> "t=v"} strings, in order. */
    private static List<String> read(Block block, long lo, long hi, List<LabelMatcher> matchers) {
        List<String> out = new ArrayList<>();
        assertTrue(block.acquire());
        try (BlockQuerier q = new BlockQuerier(block, lo, hi)) {
            SeriesSet set = q.select(lo, hi, matchers);
            SampleIterator it = null;
            while (set.next()) {
                Labels l = set.at().labels();
                it = set.at().iterator(it);
                for (ValueType t = it.next(); t == ValueType.FLOAT; t = it.next()) {
                    out.add(l + " " + it.timestamp() + "=" + it.value());
                }
            }
            assertEquals(null, set.err());
        }
        return out;
    }

    private static List<String> expected(int fromSeries, int toSeries, long lo, long hi) {
        List<String> out = new ArrayList<>();
        for (int s = fromSeries; s < toSeries; s++) {
            for (int k = 0; k < 480; k++) {
                long t = T0 + s * 1000L + k * 15_000L;
                if (t >= lo && t <= hi) {
                    out.add(labels(s) + " " + t + "=" + (s * 1000 + k * 1.5));
                }
            }
        }
        return out;
    }

    @Test
    void aBlockWithStoredEntriesStillSelects() throws Exception {
        WorkspaceChunks space = copyFixture();
        try (Opened oldOpened = new Opened(Block.open(dir.resolve("blocks").resolve(OLD_ID), space))) {
            Block old = oldOpened.block();
            assertTrue(old.index().hasStoredEntries());
            assertEquals(12, old.meta().series());
            assertEquals(expected(0, 12, T0, T0 + 3 * 3_600_000), read(old, T0, T0 + 3 * 3_600_000,
                    List.of(LabelMatcher.equal("job", "node"))));
            long lo = T0 + 1_800_000;
            long hi = T0 + 3_600_000;
            assertEquals(expected(3, 4, lo, hi), read(old, lo, hi, List.of(LabelMatcher.equal("instance", "host-d:9100"))));
            assertTrue(old.acquire());
            try (BlockQuerier q = new BlockQuerier(old, T0, hi)) {
                assertEquals(List.of("host-b:9100", "host-c:9100"),
                        q.labelValues("instance", List.of(LabelMatcher.regex("instance", "host-[bc].*"))));
                assertEquals(List.of("__name__", "instance", "job"), q.labelNames(List.of(LabelMatcher.equal("job", "node"))));
            }
        }
    }

    @Test
    void anOldAndANewBlockCompactIntoTheNewLayout() throws Exception {
        WorkspaceChunks space = copyFixture();
        Path blocks = dir.resolve("blocks");
        // the new block: the same series shifted two hours on, written by the current writer
        List<String> all = new ArrayList<>();
        try (Opened oldOpened = new Opened(Block.open(blocks.resolve(OLD_ID), space))) {
            Block old = oldOpened.block();
            all.addAll(read(old, T0, T0 + 6 * 3_600_000, List.of()));
            assertTrue(old.acquire());
            BlockMeta moved;
            try (BlockQuerier q = new BlockQuerier(old, T0, T0 + 6 * 3_600_000)) {
                moved = BlockWriter.write(blocks, space, shifted(q.select(T0, T0 + 6 * 3_600_000,
                        List.of(LabelMatcher.regex("job", ".+"))), 2 * 3_600_000), 1, List.of(), List.of(), T0 + 1);
            }
            try (Opened freshOpened = new Opened(Block.open(blocks.resolve(moved.id()), space))) {
            Block fresh = freshOpened.block();
                assertFalse(fresh.index().hasStoredEntries());
                List<String> shiftedBack = new ArrayList<>();
                for (String line : read(fresh, T0, T0 + 6 * 3_600_000, List.of(LabelMatcher.equal("job", "node")))) {
                    shiftedBack.add(line);
                }
                assertEquals(all.size(), shiftedBack.size());
                assertEquals(expected(0, 12, T0, T0 + 6 * 3_600_000).size(), all.size());
                // compacting both: series in label order, the old samples then the moved ones
                assertTrue(old.acquire());
                assertTrue(fresh.acquire());
                try (BlockQuerier a = new BlockQuerier(old, T0, T0 + 6 * 3_600_000);
                        BlockQuerier b = new BlockQuerier(fresh, T0, T0 + 6 * 3_600_000)) {
                    List<LabelMatcher> any = List.of(LabelMatcher.regex("job", ".+"));
                    BlockMeta merged = BlockWriter.write(blocks, space, new io.hearth.storage.query.MergedSeriesSet(new SeriesSet[] {
                            a.select(T0, T0 + 6 * 3_600_000, any), b.select(T0, T0 + 6 * 3_600_000, any)}), 2,
                            List.of(OLD_ID, moved.id()), List.of(OLD_ID, moved.id()), T0 + 2);
                    try (Opened mOpened = new Opened(Block.open(blocks.resolve(merged.id()), space))) {
            Block m = mOpened.block();
                        assertFalse(m.index().hasStoredEntries());
                        assertEquals(12, m.meta().series());
                        assertEquals(2 * 12 * 480, m.meta().samples());
                        List<String> want = new ArrayList<>();
                        for (int s = 0; s < 12; s++) {
                            want.addAll(expected(s, s + 1, T0, T0 + 6 * 3_600_000));
                            for (String line : expected(s, s + 1, T0, T0 + 6 * 3_600_000)) {
                                int eq = line.lastIndexOf('=');
                                int sp = line.lastIndexOf(' ', eq);
                                long t = Long.parseLong(line.substring(sp + 1, eq)) + 2 * 3_600_000;
                                want.add(line.substring(0, sp + 1) + t + line.substring(eq));
                            }
                        }
                        assertEquals(want, read(m, T0, T0 + 6 * 3_600_000, List.of()));
                    }
                }
            }
        }
    }

    /** Releases the block when done with it, which closes it. */
    private record Opened(Block block) implements AutoCloseable {
        @Override
        public void close() {
            block.release();
        }
    }

    /** The series of {@code in} with every timestamp moved {@code by} on. */
    private static SeriesSet shifted(SeriesSet in, long by) {
        return new SeriesSet() {
            @Override
            public boolean next() {
                return in.next();
            }

            @Override
            public io.hearth.spi.storage.Series at() {
                io.hearth.spi.storage.Series s = in.at();
                return new io.hearth.spi.storage.Series() {
                    @Override
                    public Labels labels() {
                        return s.labels();
                    }

                    @Override
                    public SampleIterator iterator(SampleIterator reuse) {
                        SampleIterator it = s.iterator(null);
                        return new SampleIterator() {
                            @Override
                            public ValueType next() {
                                return it.next();
                            }

                            @Override
                            public ValueType seek(long t) {
                                return it.seek(t - by);
                            }

                            @Override
                            public long timestamp() {
                                return it.timestamp() + by;
                            }

                            @Override
                            public double value() {
                                return it.value();
                            }

                            @Override
                            public io.hearth.spi.storage.FloatHistogram histogram() {
                                return it.histogram();
                            }

                            @Override
                            public RuntimeException err() {
                                return it.err();
                            }
                        };
                    }
                };
            }

            @Override
            public RuntimeException err() {
                return in.err();
            }
        };
    }
}
