package io.hearth.storage.block;

import io.hearth.storage.chunk.Encoding;
import io.hearth.storage.chunk.PackedChunk;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The layout of a block's chunk stream (see {@code docs/format/blocks.md}): an 8-byte header
 * ({@code HCHK}, format version, three zero bytes), then one frame per chunk: the encoding id,
 * the chunk's bytes, and a CRC32C of both. The block index holds each frame's offset and the
 * chunk's length; the stream itself has no other structure.
 */
public final class ChunkFrames {

    /**
     * The header written now, version 3: its packed chunks store their first timestamp relative to
     * the chunk's minimum time in the block index (since version 2) and have run layout 2
     * ({@link PackedChunk#LAYOUT_2}). Version 1 streams (absolute first timestamps, layout 1) and
     * version 2 streams (relative, layout 1) still read.
     */
    static final byte[] HEADER = {'H', 'C', 'H', 'K', 3, 0, 0, 0};
    /** The version of streams whose packed chunks hold absolute first timestamps. */
    static final int VERSION_ABSOLUTE_TIMES = 1;
    /** The version of streams whose packed chunks hold relative first timestamps in run layout 1. */
    static final int VERSION_LAYOUT_1 = 2;
    /** Bytes a frame adds around a chunk of {@code n} bytes: encoding id and checksum. */
    static final int OVERHEAD = 5;

    private ChunkFrames() {
    }

    /** Frames a chunk into {@code into} (cleared first, grown if needed) and returns it flipped. */
    static ByteBuffer frame(Encoding encoding, byte[] chunk, ByteBuffer into) {
        ByteBuffer b = into.capacity() >= chunk.length + OVERHEAD ? into.clear()
                : ByteBuffer.allocate(Math.max(chunk.length + OVERHEAD, into.capacity() * 2));
        b.put(encoding.id()).put(chunk);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, chunk.length + 1);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /**
     * Checks a frame read back (exactly {@code length + OVERHEAD} bytes) and returns the chunk's
     * encoding, copying its bytes into {@code dst}.
     *
     * @throws CorruptChunkException if the checksum or the encoding id is wrong
     */
    static Encoding unframe(ByteBuffer frame, byte[] dst, int length) throws CorruptChunkException {
        ByteBuffer f = frame.duplicate();
        byte id = f.get();
        f.get(dst, 0, length);
        int stored = f.getInt();
        CRC32C crc = new CRC32C();
        crc.update(id);
        crc.update(dst, 0, length);
        if ((int) crc.getValue() != stored) {
            throw new CorruptChunkException("chunk checksum mismatch");
        }
        try {
            return Encoding.of(id);
        } catch (RuntimeException e) {
            throw new CorruptChunkException(e.getMessage());
        }
    }

    /** The format version of a stream starting with a header this reader knows (1 to 3), else -1. */
    static int version(ByteBuffer start) {
        if (start.remaining() < HEADER.length) {
            return -1;
        }
        int version = start.get(start.position() + 4);
        if (version != VERSION_ABSOLUTE_TIMES && version != VERSION_LAYOUT_1 && version != HEADER[4]) {
            return -1;
        }
        for (int i = 0; i < HEADER.length; i++) {
            if (i != 4 && start.get(start.position() + i) != HEADER[i]) {
                return -1;
            }
        }
        return version;
    }

    /** A chunk whose frame fails its checksum; the chunk is skipped, the rest served. */
    static final class CorruptChunkException extends Exception {
        CorruptChunkException(String message) {
            super(message, null, false, false);
        }
    }
}
