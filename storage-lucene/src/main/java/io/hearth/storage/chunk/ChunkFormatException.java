package io.hearth.storage.chunk;

/**
 * Chunk bytes that do not decode: truncated, corrupt, or of an unknown encoding.
 *
 * <p>Unchecked because it signals broken data rather than an expected outcome; iterators never
 * throw it from {@code next()} or {@code seek()} but hand it out once through
 * {@link ChunkIterator#err()}.
 */
public final class ChunkFormatException extends RuntimeException {

    public ChunkFormatException(String message) {
        super(message);
    }
}
