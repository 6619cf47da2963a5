package io.hearth.storage.engine;

import static io.hearth.storage.engine.BlockLifecycleTest.RANGE;
import static io.hearth.storage.engine.BlockLifecycleTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.BlockId;
import io.hearth.storage.block.BlockMeta;
import io.hearth.storage.block.BlockOptions;
import io.hearth.storage.block.Blocks;
import io.hearth.storage.head.HeadOptions;
import io.hearth.storage.testing.Directories;
import io.hearth.storage.testing.Seeded;
import io.hearth.storage.wal.WalOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and half-written blocks: the store opens, logs what it drops (a corrupt chunk, or a
 * whole block whose chunk stream is truncated or whose meta fails its checksum) and serves
 * everything else; leftovers of interrupted cuts and compactions are cleaned up.
 */
@ExtendWith(Seeded.class)
class BlockCorruptionTest {

    @TempDir
    Path dir;

    LuceneWorkspaceStorage open() throws IOException {
        LuceneStorageEngine engine = new LuceneStorageEngine(new HeadOptions(0, RANGE, 16, WalOptions.defaults()),
                new BlockOptions(RANGE, 3_600_000), new LocalDiskChunkBackend(), new AtomicLong(T0)::get);
        return (LuceneWorkspaceStorage) engine.open("ws", dir, StorageOptions.defaults());
    }

    /** Three flushed one-range blocks of 20 series; returns the model. */
    BlockLifecycleTest.Model threeBlocks(Random rnd) throws IOException {
        BlockLifecycleTest.Model m = new BlockLifecycleTest.Model();
        try (LuceneWorkspaceStorage s = open()) {
            BlockLifecycleTest.append(s, m, BlockLifecycleTest.labels(20), T0, T0 + 3 * RANGE, 2_000, rnd);
            s.flush();
            assertEquals(3, s.blocks().size());
        }
        return m;
    }

    static TreeMap<Labels, TreeMap<Long, Long>> read(LuceneWorkspaceStorage s) {
        TreeMap<Labels, TreeMap<Long, Long>> out = new TreeMap<>();
        try (Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
            SampleIterator it = null;
            while (set.next()) {
                TreeMap<Long, Long> samples = new TreeMap<>();
                it = set.at().iterator(it);
                for (ValueType t = it.next(); t != ValueType.NONE; t = it.next()) {
                    samples.put(it.timestamp(), Double.doubleToRawLongBits(it.value()));
                }
                assertEquals(null, it.err());
                out.put(set.at().labels(), samples);
            }
            assertEquals(null, set.err());
        }
        return out;
    }

    Path chunkFile(BlockMeta b) {
        return dir.resolve(LocalDiskChunkBackend.DIRECTORY).resolve(b.id());
    }

    List<BlockMeta> metas() throws IOException {
        try (LuceneWorkspaceStorage s = open()) {
            return s.blocks();
        }
    }

    /** The model without the samples in {@code [lo, hi]}. */
    static TreeMap<Labels, TreeMap<Long, Long>> without(BlockLifecycleTest.Model m, long lo, long hi) {
        TreeMap<Labels, TreeMap<Long, Long>> out = new TreeMap<>();
        m.series.forEach((l, s) -> {
            TreeMap<Long, Long> kept = new TreeMap<>(s);
            kept.subMap(lo, true, hi, true).clear();
            if (!kept.isEmpty()) {
                out.put(l, kept);
            }
        });
        return out;
    }

    @Test
    void aFlippedByteInAChunkDropsThatChunkOnly(Random rnd) throws IOException {
        BlockLifecycleTest.Model m = threeBlocks(rnd);
        BlockMeta middle = metas().get(1);
        try (RandomAccessFile f = new RandomAccessFile(chunkFile(middle).toFile(), "rw")) {
            long at = 8 + rnd.nextLong(f.length() - 8);
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ (1 << rnd.nextInt(8)));
        }
        try (LuceneWorkspaceStorage s = open()) {
            assertEquals(3, s.blocks().size(), "the block stays; only its damaged chunk is skipped");
            TreeMap<Labels, TreeMap<Long, Long>> got = read(s);
            int missing = 0;
            int damagedSeries = 0;
            for (var e : m.series.entrySet()) {
                TreeMap<Long, Long> actual = got.getOrDefault(e.getKey(), new TreeMap<>());
                for (var sample : e.getValue().entrySet()) {
                    Long v = actual.get(sample.getKey());
                    if (v == null) {
                        missing++;
                        assertTrue(middle.overlaps(sample.getKey(), sample.getKey()), "only the damaged block loses data");
                    } else {
                        assertEquals(sample.getValue(), v, "no sample is misread");
                    }
                }
                if (actual.size() < e.getValue().size()) {
                    damagedSeries++;
                }
            }
            assertEquals(1, damagedSeries, "one chunk of one series is dropped");
            assertTrue(missing > 0 && missing <= 120, missing + " samples dropped");
        }
    }

    @Test
    void aTruncatedChunkStreamDropsItsBlockAndServesTheRest(Random rnd) throws IOException {
        BlockLifecycleTest.Model m = threeBlocks(rnd);
        BlockMeta first = metas().get(0);
        try (RandomAccessFile f = new RandomAccessFile(chunkFile(first).toFile(), "rw")) {
            f.setLength(f.length() - 1 - rnd.nextInt(100));
        }
        try (LuceneWorkspaceStorage s = open()) {
            assertEquals(2, s.blocks().size());
            assertEquals(2, s.stats().blocks());
            assertEquals(without(m, first.minT(), first.maxT()), read(s));
        }
        assertTrue(Files.isDirectory(dir.resolve("blocks").resolve(first.id() + Blocks.CORRUPT_SUFFIX)),
                "the dropped block is kept aside for inspection");
        try (LuceneWorkspaceStorage s = open()) {
            assertEquals(2, s.blocks().size(), "and stays dropped");
        }
    }

    @Test
    void aTruncatedSeriesFileDropsItsBlockAndServesTheRest(Random rnd) throws IOException {
        BlockLifecycleTest.Model m = threeBlocks(rnd);
        BlockMeta middle = metas().get(1);
        Path series = dir.resolve("blocks").resolve(middle.id()).resolve("index").resolve("series");
        try (RandomAccessFile f = new RandomAccessFile(series.toFile(), "rw")) {
            f.setLength(f.length() - 1 - rnd.nextInt(20));
        }
        try (LuceneWorkspaceStorage s = open()) {
            assertEquals(2, s.blocks().size());
            assertEquals(without(m, middle.minT(), middle.maxT()), read(s));
        }
        assertTrue(Files.isDirectory(dir.resolve("blocks").resolve(middle.id() + Blocks.CORRUPT_SUFFIX)));
    }

    @Test
    void aDamagedMetaDropsItsBlockAndServesTheRest(Random rnd) throws IOException {
        BlockLifecycleTest.Model m = threeBlocks(rnd);
        BlockMeta last = metas().get(2);
        Path meta = dir.resolve("blocks").resolve(last.id()).resolve(BlockMeta.FILE);
        byte[] bytes = Files.readAllBytes(meta);
        int at = 20 + rnd.nextInt(bytes.length - 40);
        bytes[at] = (byte) (bytes[at] == '7' ? '8' : '7');
        Files.write(meta, bytes);
        try (LuceneWorkspaceStorage s = open()) {
            assertEquals(2, s.blocks().size());
            assertEquals(without(m, last.minT(), last.maxT()), read(s));
        }
    }

    @Test
    void leftoversOfAnInterruptedCutAreDeleted(Random rnd) throws IOException {
        BlockLifecycleTest.Model m = threeBlocks(rnd);
        String id = BlockId.next(T0);
        Path tmp = Files.createDirectories(dir.resolve("blocks").resolve(id + ".tmp").resolve("index"));
        Files.write(tmp.resolve("junk"), new byte[100]);
        Path orphan = dir.resolve(LocalDiskChunkBackend.DIRECTORY).resolve(BlockId.next(T0 + 1));
        Files.write(orphan, new byte[50]);
        Path halfChunks = dir.resolve(LocalDiskChunkBackend.DIRECTORY).resolve(id + ".tmp");
        Files.write(halfChunks, new byte[10]);
        try (LuceneWorkspaceStorage s = open()) {
            assertEquals(3, s.blocks().size());
            assertEquals(without(m, 0, 0), read(s));
        }
        assertFalse(Files.exists(tmp.getParent()));
        assertFalse(Files.exists(orphan), "a chunk stream without a block is deleted");
        assertFalse(Files.exists(halfChunks));
    }

    @Test
    void blocksSupersededByAFinishedCompactionAreDeletedAtOpen(Random rnd) throws IOException {
        BlockLifecycleTest.Model m = new BlockLifecycleTest.Model();
        Path backup = dir.getParent().resolve(dir.getFileName() + "-parents");
        List<BlockMeta> parents;
        try (LuceneWorkspaceStorage s = open()) {
            // T0 + 2 ranges starts a window of three ranges; a fourth block closes it
            BlockLifecycleTest.append(s, m, BlockLifecycleTest.labels(10), T0 + 2 * RANGE, T0 + 5 * RANGE + 10_000,
                    5_000, rnd);
            s.flush();
            assertEquals(4, s.blocks().size());
            parents = s.blocks().subList(0, 3);
            Directories.copyTree(dir.resolve("blocks"), backup.resolve("blocks"));
            Directories.copyTree(dir.resolve(LocalDiskChunkBackend.DIRECTORY), backup.resolve("chunks"));
            s.maintain(); // compacts the first three into one
            assertEquals(2, s.blocks().size());
            assertEquals(parents.stream().map(BlockMeta::id).toList(), s.blocks().get(0).parents());
        }
        // a crash after the merged block was written, before its parents were deleted
        for (BlockMeta p : parents) {
            Directories.copyTree(backup.resolve("blocks").resolve(p.id()), dir.resolve("blocks").resolve(p.id()));
            Files.copy(backup.resolve("chunks").resolve(p.id()), chunkFile(p));
        }
        try (LuceneWorkspaceStorage s = open()) {
            assertEquals(2, s.blocks().size(), "the superseded parents are not served");
            assertEquals(2, s.blocks().get(0).level());
            assertEquals(without(m, 0, 0), read(s));
        }
        for (BlockMeta p : parents) {
            assertFalse(Files.exists(dir.resolve("blocks").resolve(p.id())));
            assertFalse(Files.exists(chunkFile(p)));
        }
    }
}
