/**
 * The write-ahead log: opaque records framed with a length and CRC32C into numbered segment files,
 * group commit with one fsync per batch, replay with tail repair, checkpoints and truncation.
 * Blind to record content, which {@code io.hearth.storage.record} encodes.
 * Bytes: {@code docs/format/wal.md}.
 */
package io.hearth.storage.wal;
