package io.hearth.spi.chunk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the chunk bytes of immutable blocks live: local files, an object store, a database. Built
 * once per server by a {@link ChunkBackendFactory}; the storage engine calls {@link #workspace}
 * when it opens a workspace's store and {@link #deleteWorkspace} when it deletes one. Both may be
 * called from any thread, concurrently for different workspaces; never twice concurrently for the
 * same workspace.
 */
public interface ChunkBackend extends Closeable {

    /**
     * The chunk space of one workspace, created if new.
     *
     * @param workspaceId the workspace, usable as a key (letters, digits, {@code -})
     * @param directory the workspace's local directory, owned by the storage engine; a backend
     *     keeping files on local disk keeps them in a sub-directory of its own under it, others
     *     may ignore it
     * @throws IOException if the space cannot be reached or created
     */
    WorkspaceChunks workspace(String workspaceId, Path directory) throws IOException;

    /**
     * Deletes every chunk of a workspace whose store is closed; a workspace without chunks is not
     * an error.
     *
     * @throws IOException on failure; the engine reports it and the call may be repeated
     */
    void deleteWorkspace(String workspaceId, Path directory) throws IOException;

    /** Releases backend-wide resources; the engine has closed every {@link WorkspaceChunks} first. */
    @Override
    default void close() throws IOException {
    }
}
