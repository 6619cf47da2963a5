package io.hearth.storage.wal;

import java.io.IOException;

/**
 * WAL bytes that cannot be trusted where they should be sound: a closed segment or checkpoint
 * read outside of replay, or a file written by a newer Hearth. Torn or corrupt tails found
 * during {@link WriteAheadLog#open replay} are repaired instead and never raise this.
 */
public final class CorruptWalException extends IOException {

    public CorruptWalException(String message) {
        super(message);
    }
}
