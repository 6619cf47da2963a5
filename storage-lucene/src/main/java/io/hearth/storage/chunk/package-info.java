/**
 * Compressed chunk encodings: a {@link io.hearth.storage.chunk.Chunk} of samples of one series,
 * written by a {@link io.hearth.storage.chunk.ChunkAppender} and read by a reusable
 * {@link io.hearth.storage.chunk.ChunkIterator}, identified on disk by a one-byte
 * {@link io.hearth.storage.chunk.Encoding}. XOR float chunks and integer and float native-histogram
 * chunks. Knows nothing of files, series or the WAL. Bytes: {@code docs/format/chunks.md}.
 */
package io.hearth.storage.chunk;
