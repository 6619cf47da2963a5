package io.hearth.storage.wal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Frames records into a reusable heap buffer and writes them to a file in one call. Files are
 * written through {@link RandomAccessFile}, whose I/O, unlike a {@code FileChannel}'s, is not
 * aborted (and the file closed) when the writing thread is interrupted. Not thread-safe: the
 * committing thread, or the checkpoint writer, owns it.
 */
final class FrameWriter {

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf;

    FrameWriter(int initialBytes) {
        this.buf = ByteBuffer.allocate(initialBytes);
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

    /** Writes everything buffered at the file's position; returns the bytes written. */
    int writeTo(RandomAccessFile file) throws IOException {
        int n = buf.position();
        file.write(buf.array(), 0, n);
        buf.clear();
        return n;
    }

    private void grow(int frame) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.position() + frame, buf.capacity() * 2));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }
}
