package io.hearth.storage.chunk;

/**
 * A compressed run of samples of one series, in one {@link Encoding}.
 *
 * <p>A chunk is written by at most one {@link ChunkAppender} at a time and is not thread-safe: the
 * head serialises appends and reads of an open chunk itself. Once a chunk is cut (full or
 * flushed), it is never appended to again and may be read from any thread through separate
 * iterators.
 */
public interface Chunk {

    /** The encoding, whose {@link Encoding#id()} is stored with the chunk's bytes. */
    Encoding encoding();

    /** The number of samples in the chunk. */
    int numSamples();

    /** The encoded size in bytes, the length of {@link #bytes()}. */
    int sizeBytes();

    /** A copy of the encoded bytes, exactly {@link #sizeBytes()} long. */
    byte[] bytes();

    /**
     * An appender positioned after the last sample. Creating one on a chunk that already holds
     * samples decodes them once to recover the encoder's state.
     *
     * @throws ChunkFormatException if the existing bytes do not decode
     */
    ChunkAppender appender();

    /**
     * An iterator over the samples as they are now, positioned before the first.
     *
     * @param reuse an iterator from an earlier call, possibly of another chunk, to reset and
     *     return instead of allocating; may be {@code null} or of another encoding
     */
    ChunkIterator iterator(ChunkIterator reuse);
}
