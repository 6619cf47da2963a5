package io.hearth.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Frames records into a reusable direct buffer and writes them to a file channel in one call.
 * Not thread-safe: the committing thread, or the checkpoint writer, owns it.
 */
final class FrameWriter {

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf;

    FrameWriter(int initialBytes) {
        this.buf = ByteBuffer.allocateDirect(initialBytes);
    }

    /** Bytes framed and not yet written. */
    int buffered() {
        return buf.position();
    }

    /**
     * Frames {@code record[position, limit)}, leaving the record's position unchanged. The buffer
     * grows when needed; callers that want to bound it flush first when {@link #fits} says no.
     */
    void add(ByteBuffer record) {
        int length = record.remaining();
        int frame = Frames.FRAME_HEADER_BYTES + length;
        if (buf.remaining() < frame) {
            grow(frame);
        }
        int start = buf.position();
        buf.putInt(length).putInt(0);
        buf.put(start + Frames.FRAME_HEADER_BYTES, record, record.position(), length);
        buf.position(start + frame);
        crc.reset();
        crc.update(buf.slice(start, 4));
        crc.update(buf.slice(start + Frames.FRAME_HEADER_BYTES, length));
        buf.putInt(start + 4, (int) crc.getValue());
    }

    /** Whether a frame for a record of {@code length} bytes fits without growing the buffer. */
    boolean fits(int length) {
        return buf.remaining() >= Frames.FRAME_HEADER_BYTES + length;
    }

    /** Writes everything buffered, at the channel's position; returns the bytes written. */
    int writeTo(FileChannel channel) throws IOException {
        buf.flip();
        int n = buf.remaining();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
        return n;
    }

    private void grow(int frame) {
        ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(buf.position() + frame, buf.capacity() * 2));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }
}
