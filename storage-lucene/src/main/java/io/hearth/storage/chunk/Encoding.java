package io.hearth.storage.chunk;

/**
 * The one-byte identifier of a chunk encoding, written beside every chunk that is stored so that a
 * reader can pick the decoder. Ids are part of the on-disk format (see {@code docs/format/chunks.md})
 * and are never reused.
 */
public enum Encoding {
    /** Float samples: delta-of-delta timestamps and XOR-compressed values. */
    XOR((byte) 1, ValueType.FLOAT),
    /** Integer native histograms; see {@link IntHistogramChunk}. */
    HISTOGRAM((byte) 2, ValueType.HISTOGRAM),
    /** Float native histograms; see {@link FloatHistogramChunk}. */
    FLOAT_HISTOGRAM((byte) 3, ValueType.FLOAT_HISTOGRAM),
    /** Float samples as {@link #XOR}, each with its start timestamp ({@link ChunkIterator#atST()}). */
    XOR_ST((byte) 4, ValueType.FLOAT),
    /** Float native histograms as {@link #FLOAT_HISTOGRAM}, each with its start timestamp. */
    FLOAT_HISTOGRAM_ST((byte) 5, ValueType.FLOAT_HISTOGRAM),
    /**
     * Float samples of a block, written whole: bit-packed timestamp deltas and decimal-scaled
     * values; see {@link PackedChunk}. Never appended to.
     */
    PACKED((byte) 6, ValueType.FLOAT);

    /** What the samples of an encoding are. */
    public enum ValueType {
        FLOAT,
        HISTOGRAM,
        FLOAT_HISTOGRAM
    }

    private final byte id;
    private final ValueType valueType;

    Encoding(byte id, ValueType valueType) {
        this.id = id;
        this.valueType = valueType;
    }

    /** Which accessors of {@link ChunkIterator} and {@link ChunkAppender} this encoding supports. */
    public ValueType valueType() {
        return valueType;
    }

    /** The byte stored on disk for this encoding. */
    public byte id() {
        return id;
    }

    /**
     * The encoding for a stored id.
     *
     * @throws ChunkFormatException for an id this version does not know
     */
    public static Encoding of(byte id) {
        int i = id & 0xFF;
        Encoding e = i < BY_ID.length ? BY_ID[i] : null;
        if (e == null) {
            throw new ChunkFormatException("unknown chunk encoding id " + i);
        }
        return e;
    }

    /** The encodings by id: {@link #of} runs once per chunk a query opens, and {@code values()} copies its array each call. */
    private static final Encoding[] BY_ID;

    static {
        int max = 0;
        for (Encoding e : values()) {
            max = Math.max(max, e.id);
        }
        BY_ID = new Encoding[max + 1];
        for (Encoding e : values()) {
            BY_ID[e.id] = e;
        }
    }

    /**
     * Wraps stored chunk bytes of this encoding without copying them for reading; the caller must
     * not change them while the chunk is in use. {@link Chunk#appender()} copies them first, so
     * appending never writes into the caller's array.
     */
    public Chunk wrap(byte[] bytes) {
        return switch (this) {
            case XOR -> XorChunk.wrap(bytes);
            case HISTOGRAM -> IntHistogramChunk.wrap(bytes);
            case FLOAT_HISTOGRAM -> FloatHistogramChunk.wrap(bytes);
            case XOR_ST -> XorChunk.wrap(bytes, true);
            case FLOAT_HISTOGRAM_ST -> FloatHistogramChunk.wrap(bytes, true);
            case PACKED -> PackedChunk.wrap(bytes);
        };
    }
}
