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
}
