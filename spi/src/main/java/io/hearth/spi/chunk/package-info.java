/**
 * The chunk-backend contract: where a storage engine keeps the chunk bytes of its immutable
 * blocks. A {@link io.hearth.spi.chunk.ChunkBackendFactory} (named in
 * {@code hearth.storage.chunk-backend}, {@code local} by default) builds one
 * {@link io.hearth.spi.chunk.ChunkBackend} per server; the engine opens a
 * {@link io.hearth.spi.chunk.WorkspaceChunks} per workspace and, within it, writes each block's
 * chunks once through a {@link io.hearth.spi.chunk.ChunkWriter} and reads byte ranges back through
 * a {@link io.hearth.spi.chunk.ChunkReader}. The backend is blind to what the bytes mean. JDK only.
 */
package io.hearth.spi.chunk;
