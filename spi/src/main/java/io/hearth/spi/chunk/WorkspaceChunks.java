package io.hearth.spi.chunk;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The chunk files of one workspace's blocks, from {@link ChunkBackend#workspace}. A block's chunks
 * are one byte stream, written once, front to back, and then only read, until the block is
 * deleted. Blocks are named by the engine (ids of letters and digits).
 *
 * <p>Thread-safe: the engine writes a new block (cutting the head, compacting) while queries read
 * others and retention deletes old ones.
 */
public interface WorkspaceChunks extends Closeable {

    /**
     * Starts writing the chunks of a new block. Nothing of it is listed by {@link #blocks()} or
     * readable until {@link ChunkWriter#finish()} returns.
     *
     * @throws IOException if the block's chunks already exist or on I/O failure
     */
    ChunkWriter create(String blockId) throws IOException;

    /**
     * Opens the finished chunks of a block for reading.
     *
     * @throws java.nio.file.NoSuchFileException if the block has no finished chunks
     * @throws IOException on I/O failure
     */
    ChunkReader open(String blockId) throws IOException;

    /**
     * The ids of the blocks whose chunks are finished, sorted. Blocks being written, or abandoned
     * half-written by a crash, are not listed.
     */
    List<String> blocks() throws IOException;

    /**
     * Deletes a block's chunks, finished or half-written; a missing block is not an error.
     * Readers still open on it may fail afterwards; the engine closes them first.
     */
    void delete(String blockId) throws IOException;

    /** Releases what the workspace's chunk space holds open; readers and writers are closed first. */
    @Override
    default void close() throws IOException {
    }
}
