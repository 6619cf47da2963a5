package io.hearth.storage.engine;

import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.WorkspaceStorage;
import io.hearth.storage.head.HeadOptions;
import io.hearth.storage.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** The storage contract run against the lucene engine, with random chunk spans and overlay limits. */
class LuceneWorkspaceStorageContractTest extends WorkspaceStorageContractTest {

    @Override
    protected WorkspaceStorage open(Path dir, StorageOptions options, Random rnd) throws IOException {
        HeadOptions defaults = new HeadOptions(0, 1000L * (5 + rnd.nextInt(200)), rnd.nextInt(50), WalOptions.defaults());
        return new LuceneStorageEngine(defaults).open("ws", dir, options);
    }
}
