package io.hearth.storage.engine;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.storage.StorageEngineFactory;
import java.util.List;

/** The storage-lucene plugin: offers the {@code lucene} storage engine. */
public final class LucenePlugin implements HearthPlugin {

    @Override
    public List<StorageEngineFactory> storageEngineFactories() {
        return List.of(new LuceneStorageEngineFactory());
    }
}
