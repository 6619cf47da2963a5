package io.hearth.storage.engine;

import io.hearth.spi.chunk.ChunkBackend;
import io.hearth.spi.chunk.WorkspaceChunks;
import io.hearth.spi.storage.StorageEngine;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.WorkspaceStorage;
import io.hearth.storage.block.BlockOptions;
import io.hearth.storage.block.Blocks;
import io.hearth.storage.head.Head;
import io.hearth.storage.head.HeadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The {@code lucene} storage engine: one independent store (a {@link Head} with its WAL and
 * postings, and its blocks, whose chunks go through the {@link ChunkBackend}) per workspace
 * directory, maintained by one background thread shared by all stores. Thread-safe; refuses to
 * open a directory twice.
 */
public final class LuceneStorageEngine implements StorageEngine {

    /** The sub-directory of a workspace directory holding its blocks' meta and index. */
    public static final String BLOCKS_DIR = "blocks";

    private final HeadOptions defaults;
    private final BlockOptions blockOptions;
    private final ChunkBackend backend;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<Path, LuceneWorkspaceStorage> open = new ConcurrentHashMap<>();

    /**
     * An engine whose stores use {@code defaults}, with each workspace's own out-of-order window.
     *
     * @param clock wall-clock milliseconds, for retention and block ids
     */
    public LuceneStorageEngine(HeadOptions defaults, BlockOptions blockOptions, ChunkBackend backend, LongSupplier clock) {
        this.defaults = defaults;
        this.blockOptions = blockOptions;
        this.backend = backend;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hearth-storage-maintenance");
            t.setDaemon(true);
            return t;
        });
    }

    /** An engine with default block settings, chunks on local disk and the system clock. */
    public LuceneStorageEngine(HeadOptions defaults) {
        this(defaults, BlockOptions.defaults(), new io.hearth.storage.backend.LocalDiskChunkBackend(),
                System::currentTimeMillis);
    }

    @Override
    public WorkspaceStorage open(String workspaceId, Path directory, StorageOptions options) throws IOException {
        Path key = directory.toAbsolutePath().normalize();
        HeadOptions o = new HeadOptions(options.outOfOrderWindowMillis(), defaults.maxChunkSpanMillis(),
                defaults.postingsOverlayLimit(), defaults.wal(), defaults.maxExemplars());
        if (open.containsKey(key)) {
            throw new IOException("workspace " + workspaceId + " store " + directory + " is already open");
        }
        Head head = Head.open(key, o); // takes the store's lock before the blocks are touched
        Blocks blocks;
        try {
            WorkspaceChunks space = backend.workspace(workspaceId, key);
            blocks = Blocks.open(key.resolve(BLOCKS_DIR), space);
        } catch (IOException | RuntimeException e) {
            head.close();
            throw e;
        }
        LuceneWorkspaceStorage storage = new LuceneWorkspaceStorage(workspaceId, key, head, blocks, options,
                blockOptions, clock, () -> open.remove(key));
        try {
            storage.afterOpen();
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
        open.put(key, storage);
        storage.schedule(scheduler, o.wal().forceIntervalMillis());
        return storage;
    }

    @Override
    public void delete(String workspaceId, Path directory) throws IOException {
        Path key = directory.toAbsolutePath().normalize();
        if (open.containsKey(key)) {
            throw new IOException("workspace " + workspaceId + " store " + directory + " is still open");
        }
        backend.deleteWorkspace(workspaceId, key);
        if (!Files.exists(key)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(key)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Closes every store still open and stops the maintenance thread. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (LuceneWorkspaceStorage s : open.values()) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        scheduler.shutdownNow();
        if (first != null) {
            throw first;
        }
    }
}
