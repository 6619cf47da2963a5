package io.hearth.storage.record;

import java.io.IOException;

/**
 * A record whose bytes passed the WAL's checksum but do not decode: a bug or a foreign writer,
 * since torn writes are caught by the framing below.
 */
public final class CorruptRecordException extends IOException {

    public CorruptRecordException(String message) {
        super(message);
    }
}
