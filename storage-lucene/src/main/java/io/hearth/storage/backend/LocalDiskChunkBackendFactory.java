package io.hearth.storage.backend;

import io.hearth.spi.PluginContext;
import io.hearth.spi.chunk.ChunkBackend;
import io.hearth.spi.chunk.ChunkBackendFactory;

/** Builds the {@code local} chunk backend; it has no properties. */
public final class LocalDiskChunkBackendFactory implements ChunkBackendFactory {

    /** The backend's name in {@code hearth.storage.chunk-backend}, and the default. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChunkBackend create(PluginContext context) {
        return new LocalDiskChunkBackend();
    }
}
