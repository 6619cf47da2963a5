package io.hearth.spi.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A storage engine: opens and deletes the per-workspace stores, from
 * {@link StorageEngineFactory#create}.
 *
 * <p>The kernel's workspace registry calls {@link #open} once per workspace when it is first
 * used or at start-up, and {@link #delete} when a workspace is deleted, from any thread; the
 * engine must allow concurrent calls for different workspaces. It never opens one workspace
 * twice without closing it first.
 */
public interface StorageEngine extends Closeable {

    /**
     * Opens (creating if needed) the store of a workspace in {@code directory}, which belongs to the
     * store alone; replays whatever the store needs to recover.
     *
     * @throws IOException if the directory cannot be used, e.g. it is locked by another process
     */
    WorkspaceStorage open(String workspaceId, Path directory, StorageOptions options) throws IOException;

    /**
     * Deletes a closed workspace store's data and its directory; a missing directory is not an error.
     *
     * @throws IOException on I/O failure
     */
    void delete(String workspaceId, Path directory) throws IOException;

    /** Releases engine-wide resources; the kernel closes every workspace store first. */
    @Override
    default void close() throws IOException {
    }
}
