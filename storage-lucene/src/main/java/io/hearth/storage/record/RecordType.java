package io.hearth.storage.record;

/**
 * The first byte of every typed WAL record. Ids are part of the on-disk format (see
 * {@code docs/format/wal.md}) and are never reused.
 */
public enum RecordType {
    /** New series: a ref and its label set. */
    SERIES((byte) 1),
    /** Float samples: ref, timestamp, value. */
    FLOAT_SAMPLES((byte) 2),
    /** Integer native-histogram samples: ref, timestamp, histogram. */
    HISTOGRAM_SAMPLES((byte) 3),
    /** Float native-histogram samples: ref, timestamp, histogram. */
    FLOAT_HISTOGRAM_SAMPLES((byte) 4),
    /** Float samples with start timestamps: ref, timestamp, start, value. */
    FLOAT_SAMPLES_WITH_STARTS((byte) 5),
    /** Float native-histogram samples with start timestamps: ref, timestamp, start, histogram. */
    FLOAT_HISTOGRAM_SAMPLES_WITH_STARTS((byte) 6);

    private final byte id;

    RecordType(byte id) {
        this.id = id;
    }

    public byte id() {
        return id;
    }

    /**
     * The type of an encoded record, read from its first byte without consuming it.
     *
     * @throws CorruptRecordException if the record is empty or of an unknown type
     */
    public static RecordType of(java.nio.ByteBuffer record) throws CorruptRecordException {
        if (!record.hasRemaining()) {
            throw new CorruptRecordException("empty record");
        }
        byte b = record.get(record.position());
        for (RecordType t : values()) {
            if (t.id == b) {
                return t;
            }
        }
        throw new CorruptRecordException("unknown record type " + (b & 0xFF));
    }
}
