package io.hearth.spi.storage;

import io.hearth.spi.PluginContext;

/**
 * Builds a {@link StorageEngine}. The kernel calls {@link #create} once, at start-up, on the main
 * thread, for the engine named in {@code hearth.storage.engine}.
 */
public interface StorageEngineFactory {

    /**
     * The name users put in {@code hearth.storage.engine}; unique across all plugins.
     *
     * @return a short lower-case name such as {@code lucene}
     */
    String name();

    /**
     * Builds the engine.
     *
     * @param context the server's settings and this engine's properties (those under
     *     {@code hearth.storage.<name>.})
     * @return a thread-safe engine
     */
    StorageEngine create(PluginContext context);

    /**
     * Builds the engine with the chunk backend the kernel selected by
     * {@code hearth.storage.chunk-backend}. The kernel calls this method, not
     * {@link #create(PluginContext)}; an engine that keeps block chunks overrides it and uses the
     * backend for them, any other ignores it (the default).
     *
     * @param context as for {@link #create(PluginContext)}
     * @param chunks the server's chunk backend, closed by the kernel after the engine
     * @return a thread-safe engine
     */
    default StorageEngine create(PluginContext context, io.hearth.spi.chunk.ChunkBackend chunks) {
        return create(context);
    }
}
