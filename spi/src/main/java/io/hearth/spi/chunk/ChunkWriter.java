package io.hearth.spi.chunk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes the chunk stream of one new block, from {@link WorkspaceChunks#create}. Used by one
 * thread (the one cutting or compacting the block).
 */
public interface ChunkWriter extends Closeable {

    /**
     * Appends bytes at the end of the stream.
     *
     * @param bytes read from its position to its limit; the buffer may be reused by the caller
     *     once this returns
     * @return the offset of the first appended byte, which {@link ChunkReader#read} takes later
     * @throws IllegalStateException after {@link #finish()} or {@link #close()}
     */
    long append(ByteBuffer bytes) throws IOException;

    /** The number of bytes appended so far, i.e. the offset of the next append. */
    long size();

    /**
     * Makes the stream durable and then visible in {@link WorkspaceChunks#blocks()}, atomically:
     * after a crash the block is either listed with every byte or not listed at all.
     */
    void finish() throws IOException;

    /** Abandons an unfinished stream (deleting what was written); harmless after {@link #finish()}. */
    @Override
    void close() throws IOException;
}
