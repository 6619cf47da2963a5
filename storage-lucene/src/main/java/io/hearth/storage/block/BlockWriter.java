package io.hearth.storage.block;

import io.hearth.spi.chunk.ChunkWriter;
import io.hearth.spi.chunk.WorkspaceChunks;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.Series;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.storage.index.BlockIndexWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes one block from series in label order (a head querier when cutting, a merge of blocks when
 * compacting), atomically: the chunk stream is finished (durable) in the chunk backend first, then
 * the index and meta are written into {@code <id>.tmp/}, forced, and the directory renamed to
 * {@code <id>/}. A crash leaves either a complete block or leftovers that {@link Blocks#open}
 * deletes.
 */
public final class BlockWriter {

    /** The sub-directory of a block holding its Lucene index. */
    public static final String INDEX_DIR = "index";
    /** The suffix of a block directory being written. */
    public static final String TMP_SUFFIX = ".tmp";

    private BlockWriter() {
    }

    /**
     * Writes a block of every sample {@code series} yields.
     *
     * @param blocksDir the workspace's block directory
     * @param level 1 for a block cut from the head
     * @param sources the level-1 blocks the data comes from; empty for a new level-1 block (its own id)
     * @param parents the blocks being compacted into this one; empty for a cut
     * @param nowMillis wall-clock time, for the id
     * @return the new block's meta, or {@code null} if {@code series} held no sample (nothing written)
     */
    public static BlockMeta write(Path blocksDir, WorkspaceChunks space, SeriesSet series, int level,
            List<String> sources, List<String> parents, long nowMillis) throws IOException {
        return write(blocksDir, space, series, level, sources, parents, nowMillis, true);
    }

    /**
     * Like {@link #write(Path, WorkspaceChunks, SeriesSet, int, List, List, long)}; without
     * {@code packFloats} float samples go into 120-sample XOR chunks, as blocks were written before
     * {@code PACKED} chunks existed (for tests that need such blocks).
     */
    static BlockMeta write(Path blocksDir, WorkspaceChunks space, SeriesSet series, int level,
            List<String> sources, List<String> parents, long nowMillis, boolean packFloats) throws IOException {
        String id = BlockId.next(nowMillis);
        Path tmp = blocksDir.resolve(id + TMP_SUFFIX);
        Files.createDirectories(tmp);
        boolean done = false;
        try (ChunkWriter chunks = space.create(id); BlockIndexWriter index = new BlockIndexWriter(tmp.resolve(INDEX_DIR), SeriesEntry.CHAIN)) {
            chunks.append(ByteBuffer.wrap(ChunkFrames.HEADER));
            ChunkEncoder encoder = new ChunkEncoder(chunks, packFloats);
            SampleIterator reuse = null;
            long count = 0;
            while (series.next()) {
                Series s = series.at();
                reuse = s.iterator(reuse);
                SeriesEntry entry = encoder.encode(s.labels(), reuse);
                if (entry != null) {
                    index.add(s.labels(), entry.refs());
                    count++;
                }
            }
            if (series.err() != null) {
                throw new IOException("reading the series of block " + id + " failed", series.err());
            }
            if (count == 0) {
                return null;
            }
            chunks.finish();
            index.finish();
            BlockMeta meta = new BlockMeta(id, encoder.seriesMinT, encoder.seriesMaxT, count, encoder.samples,
                    encoder.chunkCount, chunks.size(), level, sources.isEmpty() ? List.of(id) : sources, parents);
            meta.write(tmp);
            syncDirectory(tmp.resolve(INDEX_DIR));
            syncDirectory(tmp);
            Files.move(tmp, blocksDir.resolve(id), StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(blocksDir);
            done = true;
            return meta;
        } finally {
            if (!done) {
                Block.deleteTree(tmp);
                space.delete(id);
            }
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (UnsupportedOperationException e) {
            // not every file system forces directories; the rename is still atomic
        }
    }
}
