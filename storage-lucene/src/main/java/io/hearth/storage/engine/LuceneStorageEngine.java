package io.hearth.storage.engine;

import io.hearth.spi.storage.StorageEngine;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.WorkspaceStorage;
import io.hearth.storage.head.Head;
import io.hearth.storage.head.HeadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The {@code lucene} storage engine: one independent store (a {@link Head} with its WAL and
 * postings) per workspace directory. Thread-safe; refuses to open a directory twice.
 */
public final class LuceneStorageEngine implements StorageEngine {

    private final HeadOptions defaults;
    private final ConcurrentHashMap<Path, LuceneWorkspaceStorage> open = new ConcurrentHashMap<>();

    /** An engine whose stores use {@code defaults}, with each workspace's own out-of-order window. */
    public LuceneStorageEngine(HeadOptions defaults) {
        this.defaults = defaults;
    }

    @Override
    public WorkspaceStorage open(String workspaceId, Path directory, StorageOptions options) throws IOException {
        Path key = directory.toAbsolutePath().normalize();
        HeadOptions o = new HeadOptions(options.outOfOrderWindowMillis(), defaults.maxChunkSpanMillis(),
                defaults.postingsOverlayLimit(), defaults.wal(), defaults.maxExemplars());
        if (open.containsKey(key)) {
            throw new IOException("workspace " + workspaceId + " store " + directory + " is already open");
        }
        Head head = Head.open(key, o);
        LuceneWorkspaceStorage storage = new LuceneWorkspaceStorage(workspaceId, head, () -> open.remove(key));
        open.put(key, storage);
        return storage;
    }

    @Override
    public void delete(String workspaceId, Path directory) throws IOException {
        Path key = directory.toAbsolutePath().normalize();
        if (open.containsKey(key)) {
            throw new IOException("workspace " + workspaceId + " store " + directory + " is still open");
        }
        if (!Files.exists(key)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(key)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Closes every store still open. */
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
        if (first != null) {
            throw first;
        }
    }
}
