package io.hearth.spi.chunk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the finished chunk stream of one block, from {@link WorkspaceChunks#open}. Thread-safe:
 * many queries read one block at once. The engine closes it when the block is dropped, after the
 * last query using it ended.
 */
public interface ChunkReader extends Closeable {

    /**
     * A range of the stream.
     *
     * @return a read-only buffer of exactly {@code length} bytes, positioned at 0; it may be a view
     *     of memory-mapped or cached bytes, valid until this reader is closed
     * @throws IndexOutOfBoundsException if the range is not inside {@code [0, size())}
     * @throws IOException on I/O failure
     */
    ByteBuffer read(long offset, int length) throws IOException;

    /** The stream's length in bytes, also its size on disk (or in the remote store). */
    long size();

    /** Releases the stream; buffers from {@link #read} must not be used afterwards. */
    @Override
    void close() throws IOException;
}
