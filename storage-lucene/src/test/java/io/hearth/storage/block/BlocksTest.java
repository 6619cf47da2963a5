package io.hearth.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.chunk.WorkspaceChunks;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.Series;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.compact.Compactor;
import io.hearth.storage.query.MergedQuerier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace's set of blocks as queries take it: whatever compaction, retention or close does
 * meanwhile, {@link Blocks#acquire} pins a set that was current at one moment, never a mix that
 * lacks the data of a block swapped out under it.
 */
class BlocksTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long RANGE = 60_000;
    private static final long STEP = 1_000;
    private static final int SERIES = 5;
    private static final int BLOCKS = 3;

    @TempDir
    Path dir;

    @Test
    void aQueryPinningBlocksWhileACompactionSwapsThemReadsTheMergedBlockInsteadOfLosingTheInputs() throws IOException {
        WorkspaceChunks space = new LocalDiskChunkBackend().workspace("ws", dir);
        Path blocksDir = writeBlocks(space);
        try (Blocks blocks = Blocks.open(blocksDir, space)) {
            List<Block> inputs = blocks.list().subList(0, 2);
            AtomicBoolean compacted = new AtomicBoolean();
            // the compaction lands exactly after the query read the list and before it pinned the
            // blocks: the inputs it listed are dropped (and deleted) by then
            blocks.beforePin(() -> {
                if (compacted.compareAndSet(false, true)) {
                    try {
                        Compactor.compact(blocks, inputs, T0 + BLOCKS * RANGE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            List<Block> pinned = blocks.acquire(Long.MIN_VALUE, Long.MAX_VALUE);
            assertTrue(compacted.get());
            assertEquals(blocks.list(), pinned, "the set after the compaction");
            assertHoldsEverySample(pinned);
        }
    }

    @Test
    void aQueryPinningBlocksWhileRetentionDeletesOneGetsTheOthers() throws IOException {
        WorkspaceChunks space = new LocalDiskChunkBackend().workspace("ws", dir);
        Path blocksDir = writeBlocks(space);
        try (Blocks blocks = Blocks.open(blocksDir, space)) {
            Block oldest = blocks.list().get(0);
            AtomicBoolean deleted = new AtomicBoolean();
            blocks.beforePin(() -> {
                if (deleted.compareAndSet(false, true)) {
                    blocks.replace(List.of(oldest), null);
                }
            });
            List<Block> pinned = blocks.acquire(Long.MIN_VALUE, Long.MAX_VALUE);
            assertEquals(blocks.list(), pinned);
            assertEquals(BLOCKS - 1, pinned.size());
            pinned.forEach(Block::release);
        }
    }

    @Test
    void aQueryPinningBlocksWhileTheSetClosesGetsNone() throws IOException {
        WorkspaceChunks space = new LocalDiskChunkBackend().workspace("ws", dir);
        Path blocksDir = writeBlocks(space);
        Blocks blocks = Blocks.open(blocksDir, space);
        AtomicBoolean closed = new AtomicBoolean();
        blocks.beforePin(() -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    blocks.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertEquals(List.of(), blocks.acquire(Long.MIN_VALUE, Long.MAX_VALUE));
    }

    /** {@value #BLOCKS} adjacent level-1 blocks of {@value #SERIES} series, one sample per step, value = time. */
    private Path writeBlocks(WorkspaceChunks space) throws IOException {
        Path blocksDir = dir.resolve("blocks");
        Files.createDirectories(blocksDir);
        for (int b = 0; b < BLOCKS; b++) {
            long from = T0 + b * RANGE;
            assertTrue(BlockWriter.write(blocksDir, space, series(from, from + RANGE), 1, List.of(), List.of(),
                    from + RANGE) != null);
        }
        return blocksDir;
    }

    /** Reads the pinned blocks as a query does (merged, then released) and checks every sample is there once. */
    private static void assertHoldsEverySample(List<Block> pinned) {
        List<Querier> parts = new ArrayList<>();
        for (Block b : pinned) {
            parts.add(new BlockQuerier(b, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        try (Querier q = new MergedQuerier(parts)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
            SampleIterator it = null;
            int n = 0;
            while (set.next()) {
                n++;
                it = set.at().iterator(it);
                long expect = T0;
                for (ValueType t = it.next(); t != ValueType.NONE; t = it.next()) {
                    assertEquals(expect, it.timestamp(), set.at().labels() + ": a sample is missing or repeated");
                    assertEquals((double) expect, it.value());
                    expect += STEP;
                }
                assertNull(it.err());
                assertEquals(T0 + BLOCKS * RANGE, expect, set.at().labels() + " ends early");
            }
            assertNull(set.err());
            assertEquals(SERIES, n);
        }
    }

    /** The series set a block is written from: every series with a sample per step in {@code [from, to)}. */
    private static SeriesSet series(long from, long to) {
        return new SeriesSet() {
            private int i = -1;

            @Override
            public boolean next() {
                return ++i < SERIES;
            }

            @Override
            public Series at() {
                Labels labels = Labels.of("__name__", "m", "i", Integer.toString(i));
                return new Series() {
                    @Override
                    public Labels labels() {
                        return labels;
                    }

                    @Override
                    public SampleIterator iterator(SampleIterator reuse) {
                        return steps(from, to);
                    }
                };
            }

            @Override
            public RuntimeException err() {
                return null;
            }
        };
    }

    private static SampleIterator steps(long from, long to) {
        return new SampleIterator() {
            private long t = from - STEP;

            @Override
            public ValueType next() {
                t += STEP;
                return t < to ? ValueType.FLOAT : ValueType.NONE;
            }

            @Override
            public ValueType seek(long target) {
                ValueType v = t < from ? next() : t < to ? ValueType.FLOAT : ValueType.NONE;
                while (v != ValueType.NONE && t < target) {
                    v = next();
                }
                return v;
            }

            @Override
            public long timestamp() {
                return t;
            }

            @Override
            public double value() {
                return t;
            }

            @Override
            public FloatHistogram histogram() {
                throw new IllegalStateException("floats only");
            }

            @Override
            public long startTimestamp() {
                return 0;
            }

            @Override
            public RuntimeException err() {
                return null;
            }
        };
    }
}
