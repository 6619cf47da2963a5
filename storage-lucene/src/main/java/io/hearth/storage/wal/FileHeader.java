package io.hearth.storage.wal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The header that starts every WAL file: magic {@code "HWAL"}, a length-prefixed ASCII format name,
 * a version, the file's sequence number (segment index, or for a checkpoint the last segment it
 * covers) and a CRC32C of the preceding header bytes. See {@code docs/format/wal.md}.
 */
final class FileHeader {

    static final int MAGIC = 0x4857414C; // "HWAL"
    static final int VERSION = 1;

    static final FileHeader SEGMENT = new FileHeader("hearth-wal");
    static final FileHeader CHECKPOINT = new FileHeader("hearth-wal-checkpoint");

    private final String formatName;
    private final byte[] nameBytes;

    private FileHeader(String formatName) {
        this.formatName = formatName;
        this.nameBytes = formatName.getBytes(StandardCharsets.US_ASCII);
    }

    String formatName() {
        return formatName;
    }

    int size() {
        return 4 + 1 + nameBytes.length + 4 + 8 + 4;
    }

    ByteBuffer encode(long sequence) {
        ByteBuffer b = ByteBuffer.allocate(size());
        b.putInt(MAGIC).put((byte) nameBytes.length).put(nameBytes).putInt(VERSION).putLong(sequence);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /**
     * Checks a header read from a file.
     *
     * @return {@code null} if sound, otherwise why it is corrupt
     * @throws CorruptWalException for a sound header of a newer version, which must not be
     *     mistaken for damage and truncated away
     */
    String check(ByteBuffer b, long expectedSequence) throws CorruptWalException {
        if (b.remaining() < size()) {
            return "header truncated at " + b.remaining() + " of " + size() + " bytes";
        }
        int start = b.position();
        if (b.getInt(start) != MAGIC) {
            return "bad magic";
        }
        if ((b.get(start + 4) & 0xFF) != nameBytes.length
                || !ByteBuffer.wrap(nameBytes).equals(b.slice(start + 5, nameBytes.length))) {
            return "not a " + formatName + " file";
        }
        CRC32C crc = new CRC32C();
        crc.update(b.slice(start, size() - 4));
        int at = start + 5 + nameBytes.length;
        if (b.getInt(start + size() - 4) != (int) crc.getValue()) {
            return "header checksum mismatch";
        }
        int version = b.getInt(at);
        if (version > VERSION) {
            throw new CorruptWalException(formatName + " version " + version
                    + " is newer than the newest this build reads (" + VERSION + ")");
        }
        if (version < 1) {
            return "version " + version + " is invalid";
        }
        long sequence = b.getLong(at + 4);
        if (sequence != expectedSequence) {
            return "header names sequence " + sequence + " but the file name says " + expectedSequence;
        }
        return null;
    }
}
