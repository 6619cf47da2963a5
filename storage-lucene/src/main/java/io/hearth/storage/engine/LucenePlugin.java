package io.hearth.storage.engine;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.chunk.ChunkBackendFactory;
import io.hearth.storage.backend.LocalDiskChunkBackendFactory;
import io.hearth.spi.storage.StorageEngineFactory;
import java.util.List;

/** The storage-lucene plugin: offers the {@code lucene} storage engine and the {@code local} chunk backend. */
public final class LucenePlugin implements HearthPlugin {

    @Override
    public List<StorageEngineFactory> storageEngineFactories() {
        return List.of(new LuceneStorageEngineFactory());
    }

    @Override
    public List<ChunkBackendFactory> chunkBackendFactories() {
        return List.of(new LocalDiskChunkBackendFactory());
    }
}
