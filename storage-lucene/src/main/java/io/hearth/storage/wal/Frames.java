package io.hearth.storage.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The record frame: a four-byte big-endian payload length, a four-byte CRC32C over those length
 * bytes and the payload, then the payload. Covering the length by the checksum means zero-filled
 * or torn bytes never pass as a record. See {@code docs/format/wal.md}.
 */
final class Frames {

    static final int FRAME_HEADER_BYTES = 8;

    private Frames() {}

    /** The checksum of a frame whose payload is {@code payload[position, limit)}; not consumed. */
    static int checksum(CRC32C crc, int length, ByteBuffer payload) {
        crc.reset();
        crc.update(length >>> 24);
        crc.update(length >>> 16);
        crc.update(length >>> 8);
        crc.update(length);
        int pos = payload.position();
        crc.update(payload);
        payload.position(pos);
        return (int) crc.getValue();
    }
}
