package io.hearth.storage.block;

import java.io.IOException;

/** A block's files do not hold what their format promises; the block is dropped, not misread. */
public final class CorruptBlockException extends IOException {

    public CorruptBlockException(String message) {
        super(message);
    }
}
