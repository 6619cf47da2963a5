package io.hearth.storage.wal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads the frames of one WAL file (segment or checkpoint) in order, checking each.
 *
 * <p>{@link #next()} returns a view of the next payload, valid until the following call, or
 * {@code null} at the end. The end is either clean or where the first unsound byte starts; in the
 * second case {@link #corruption()} says why, and {@link #goodBytes()} is the length of the sound
 * prefix, where the file should be truncated.
 */
final class WalFileReader implements Closeable {

    private static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final FileHeader header;
    private final long sequence;
    private final int maxRecordBytes;
    private final long fileSize;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf;
    private long goodBytes;
    private boolean headerRead;
    private boolean ended;
    private String corruption;

    WalFileReader(Path file, FileHeader header, long sequence, int maxRecordBytes) throws IOException {
        this(file, header, sequence, maxRecordBytes, BUFFER_BYTES);
    }

    /** With a given read buffer size; tests use tiny ones so that frames straddle refills. */
    WalFileReader(Path file, FileHeader header, long sequence, int maxRecordBytes, int bufferBytes)
            throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.header = header;
        this.sequence = sequence;
        this.maxRecordBytes = maxRecordBytes;
        this.fileSize = channel.size();
        this.buf = ByteBuffer.allocate((int) Math.min(bufferBytes, Math.max(fileSize, header.size())));
        this.buf.flip();
    }

    long fileSize() {
        return fileSize;
    }

    long goodBytes() {
        return goodBytes;
    }

    String corruption() {
        return corruption;
    }

    /**
     * The next payload, or {@code null} at the end of the sound prefix.
     *
     * @throws CorruptWalException if the header is of a newer format version
     */
    ByteBuffer next() throws IOException {
        if (ended) {
            return null;
        }
        if (!headerRead) {
            headerRead = true;
            fill(header.size());
            String problem = header.check(buf, sequence);
            if (problem != null) {
                return stop(problem);
            }
            consume(header.size());
        }
        if (goodBytes == fileSize) {
            ended = true;
            return null;
        }
        if (!fill(Frames.FRAME_HEADER_BYTES)) {
            return stop("frame header torn");
        }
        int p = buf.position();
        int length = buf.getInt(p);
        int storedCrc = buf.getInt(p + 4);
        if (length < 0 || length > maxRecordBytes
                || length > fileSize - goodBytes - Frames.FRAME_HEADER_BYTES) {
            return stop("frame claims " + Integer.toUnsignedString(length)
                    + " bytes, more than " + Math.max(0, Math.min(maxRecordBytes, fileSize - goodBytes - 8))
                    + " available");
        }
        if (!fill(Frames.FRAME_HEADER_BYTES + length)) {
            return stop("frame torn");
        }
        p = buf.position(); // filling may have compacted or replaced the buffer
        ByteBuffer payload = buf.slice(p + Frames.FRAME_HEADER_BYTES, length);
        if (Frames.checksum(crc, length, payload) != storedCrc) {
            return stop("frame checksum mismatch");
        }
        consume(Frames.FRAME_HEADER_BYTES + length);
        return payload;
    }

    private ByteBuffer stop(String why) {
        ended = true;
        corruption = why;
        return null;
    }

    private void consume(int n) {
        buf.position(buf.position() + n);
        goodBytes += n;
    }

    /** Makes at least {@code n} bytes readable from {@code buf.position()}; false on early EOF. */
    private boolean fill(int n) throws IOException {
        if (buf.remaining() >= n) {
            return true;
        }
        if (buf.capacity() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(n, buf.capacity() * 2));
            bigger.put(buf);
            buf = bigger;
        } else {
            buf.compact();
        }
        // buf is in write mode here, holding the unread bytes at [0, position)
        while (buf.position() < n) {
            int r = channel.read(buf, goodBytes + buf.position());
            if (r < 0) {
                break;
            }
        }
        buf.flip();
        return buf.remaining() >= n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
