package io.hearth.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Receives records read back from the log, in the order they were committed.
 *
 * <p>The buffer is a view into the reader's buffer, valid only during the call: copy what you keep.
 * Called on the thread that replays or reads; an exception stops the read and propagates.
 */
@FunctionalInterface
public interface RecordConsumer {

    void accept(ByteBuffer record) throws IOException;
}
