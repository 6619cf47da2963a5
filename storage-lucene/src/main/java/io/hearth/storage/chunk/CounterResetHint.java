package io.hearth.storage.chunk;

/**
 * What a histogram chunk knows about counter resets before its first sample, stored in the chunk
 * header (see {@code docs/format/chunks.md}). Ids are part of the format.
 */
public enum CounterResetHint {
    /** Not known; a reader compares with the previous chunk. */
    UNKNOWN(0),
    /** The chunk starts with a counter reset. */
    COUNTER_RESET(1),
    /** The chunk continues the previous one without a reset. */
    NOT_COUNTER_RESET(2),
    /** A gauge histogram: counts may go down and resets do not apply. */
    GAUGE(3);

    private final int id;

    CounterResetHint(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** @throws ChunkFormatException for an unknown id */
    public static CounterResetHint of(int id) {
        for (CounterResetHint h : values()) {
            if (h.id == id) {
                return h;
            }
        }
        throw new ChunkFormatException("unknown counter reset hint " + id);
    }
}
