package io.hearth.storage.backend;

import io.hearth.spi.chunk.ChunkBackend;
import java.nio.file.Path;

/** The chunk-backend contract for {@link LocalDiskChunkBackend}. */
class LocalDiskChunkBackendTest extends ChunkBackendContractTest {

    @Override
    protected ChunkBackend backend(Path root) {
        return new LocalDiskChunkBackend();
    }
}
