package io.hearth.spi.chunk;

import io.hearth.spi.PluginContext;

/**
 * Builds a {@link ChunkBackend}. The kernel calls {@link #create} once, at start-up, on the main
 * thread, for the backend named in {@code hearth.storage.chunk-backend} (default {@code local}),
 * and hands the backend to the storage engine's factory.
 */
public interface ChunkBackendFactory {

    /**
     * The name users put in {@code hearth.storage.chunk-backend}; unique across all plugins.
     *
     * @return a short lower-case name such as {@code local}
     */
    String name();

    /**
     * Builds the backend.
     *
     * @param context the server's settings and this backend's properties (those under
     *     {@code hearth.storage.chunk-backend.<name>.})
     * @return a thread-safe backend
     * @throws IllegalArgumentException if a property is invalid
     */
    ChunkBackend create(PluginContext context);
}
