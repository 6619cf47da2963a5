/**
 * Typed WAL records (series, float samples, integer and float histogram samples): encoders into a
 * reusable buffer and decoders that append into caller-reused batches. Knows nothing of files or
 * framing. Bytes: {@code docs/format/wal.md}, section "Record payloads".
 */
package io.hearth.storage.record;
