package io.hearth.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Takes the records of a checkpoint being written; see {@link WriteAheadLog#checkpoint}. */
@FunctionalInterface
public interface RecordSink {

    /** Adds {@code record[position, limit)}; the buffer is not kept and its position not moved. */
    void add(ByteBuffer record) throws IOException;
}
