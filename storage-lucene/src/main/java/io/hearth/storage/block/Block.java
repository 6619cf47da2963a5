package io.hearth.storage.block;

import io.hearth.spi.chunk.ChunkReader;
import io.hearth.spi.chunk.WorkspaceChunks;
import io.hearth.storage.chunk.PackedChunk;
import io.hearth.storage.index.BlockIndexReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One immutable block, open for reading: its {@link BlockMeta}, its Lucene index and its chunk
 * stream. Queriers pin it ({@link #acquire}/{@link #release}); when the owning {@link Blocks}
 * drops it (compaction, retention) the last release closes it and, if asked, deletes its files,
 * so a running query never loses the data under it. Thread-safe.
 */
public final class Block {

    private static final Logger LOG = Logger.getLogger(Block.class.getName());

    private final Path dir;
    private final BlockMeta meta;
    private final BlockIndexReader index;
    private final ChunkReader chunks;
    private final WorkspaceChunks space;
    private final AtomicInteger refs = new AtomicInteger(1); // the owner's reference
    private volatile boolean deleteOnClose;
    private final Set<Long> reportedCorrupt = ConcurrentHashMap.newKeySet();
    private final long sizeBytes;
    private final boolean relativeTimes; // packed chunks' first timestamps are relative to the entry's minT
    private final int packedLayout; // PackedChunk.LAYOUT_1 or LAYOUT_2

    private Block(Path dir, BlockMeta meta, BlockIndexReader index, ChunkReader chunks, WorkspaceChunks space,
            int streamVersion) throws IOException {
        this.relativeTimes = streamVersion != ChunkFrames.VERSION_ABSOLUTE_TIMES;
        this.packedLayout = streamVersion > ChunkFrames.VERSION_LAYOUT_1 ? PackedChunk.LAYOUT_2 : PackedChunk.LAYOUT_1;
        this.sizeBytes = chunks.size() + directorySize(dir);
        this.dir = dir;
        this.meta = meta;
        this.index = index;
        this.chunks = chunks;
        this.space = space;
    }

    /**
     * Opens the block in {@code dir}, checking that its meta is sound and names this directory,
     * that its chunk stream has the recorded length and header, and that its index holds the
     * recorded number of series.
     *
     * @throws CorruptBlockException if any check fails (the caller drops the block)
     * @throws IOException if the chunks or index cannot be opened
     */
    public static Block open(Path dir, WorkspaceChunks space) throws IOException {
        BlockMeta meta = BlockMeta.read(dir);
        if (!meta.id().equals(dir.getFileName().toString())) {
            throw new CorruptBlockException(dir + ": meta names block " + meta.id());
        }
        ChunkReader chunks = space.open(meta.id());
        BlockIndexReader index = null;
        try {
            if (chunks.size() != meta.chunkBytes()) {
                throw new CorruptBlockException(dir + ": chunk stream is " + chunks.size() + " bytes, meta says "
                        + meta.chunkBytes());
            }
            int version = ChunkFrames.version(chunks.read(0, Math.min((int) chunks.size(), ChunkFrames.HEADER.length)));
            if (version < 0) {
                throw new CorruptBlockException(dir + ": chunk stream has no valid header");
            }
            index = new BlockIndexReader(dir.resolve(BlockWriter.INDEX_DIR));
            if (index.size() != meta.series()) {
                throw new CorruptBlockException(dir + ": index holds " + index.size() + " series, meta says "
                        + meta.series());
            }
            return new Block(dir, meta, index, chunks, space, version);
        } catch (IOException | RuntimeException e) {
            try {
                chunks.close();
                if (index != null) {
                    index.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io ? io : new CorruptBlockException(dir + ": " + e);
        }
    }

    /** The block's meta. */
    public BlockMeta meta() {
        return meta;
    }

    /** The block's directory (meta and index). */
    public Path directory() {
        return dir;
    }

    BlockIndexReader index() {
        return index;
    }

    /**
     * A reader of the block's series entries for one thread, by position, fastest in ascending
     * order: from the index's series file, or from the stored entries of a block written before it.
     */
    java.util.function.IntFunction<SeriesEntry> entries() {
        if (index.hasStoredEntries()) {
            java.util.function.IntFunction<byte[]> stored = index.entries();
            return position -> SeriesEntry.decode(stored.apply(position));
        }
        java.util.function.IntFunction<BlockIndexReader.SeriesRecord> records = index.series();
        return position -> {
            BlockIndexReader.SeriesRecord r = records.apply(position);
            return SeriesEntry.ofRefs(r.labels(), r.refs());
        };
    }

    ChunkReader chunks() {
        return chunks;
    }

    /**
     * What a packed chunk's first timestamp is stored relative to: the chunk's minimum time in
     * the index (chunk stream version 2), or 0 (version 1).
     */
    long packedTimeBase(long chunkMinT) {
        return relativeTimes ? chunkMinT : 0;
    }

    /** The run layout of this block's packed chunks (by its chunk stream's version). */
    int packedLayout() {
        return packedLayout;
    }

    /** Bytes on disk: the chunk stream and the directory's files, measured at open. */
    public long sizeBytes() {
        return sizeBytes;
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Pins the block for a query; {@code false} if it is already closed. */
    public boolean acquire() {
        while (true) {
            int n = refs.get();
            if (n == 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Unpins; the last release closes the block (and deletes it if {@link #dropAndDelete} was called). */
    public void release() {
        if (refs.decrementAndGet() == 0) {
            closeNow();
        }
    }

    /** Gives up the owner's reference and deletes the files once no query uses the block. */
    void dropAndDelete() {
        deleteOnClose = true;
        release();
    }

    /** Gives up the owner's reference, keeping the files. */
    void drop() {
        release();
    }

    private void closeNow() {
        try {
            index.close();
            chunks.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing block " + dir + " failed", e);
        }
        if (deleteOnClose) {
            try {
                delete(dir, meta.id(), space);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "deleting block " + dir + " failed; the next open retries", e);
            }
        }
    }

    /** Deletes a block's chunks, then its directory (so a crash in between leaves no orphan chunks). */
    static void delete(Path dir, String id, WorkspaceChunks space) throws IOException {
        // the meta goes first: a crash mid-way leaves a directory without meta, which open deletes
        Files.deleteIfExists(dir.resolve(BlockMeta.FILE));
        space.delete(id);
        deleteTree(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Logs a corrupt chunk once; the chunk is skipped and the rest of the block served. */
    void reportCorrupt(long offset, Object series, String why) {
        if (reportedCorrupt.add(offset)) {
            LOG.warning(() -> "block " + meta.id() + ": dropping corrupt chunk at offset " + offset + " of series "
                    + series + " (" + why + "); its other chunks and series are served");
        }
    }

    /** The number of distinct corrupt chunks met so far. */
    public int corruptChunks() {
        return reportedCorrupt.size();
    }

    @Override
    public String toString() {
        return "block " + meta.id() + " [" + meta.minT() + ", " + meta.maxT() + "] level " + meta.level();
    }
}
