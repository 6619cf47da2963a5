package io.hearth.storage.chunk;

/**
 * The per-sample start ("created") timestamps of the {@link Encoding#XOR_ST} and
 * {@link Encoding#FLOAT_HISTOGRAM_ST} encodings, written after each sample's other fields. The two
 * common shapes cost one or two bits a sample: a cumulative series keeps its start for many
 * samples ({@code 0}: same as the previous sample's), a delta series starts each sample where the
 * previous one ended ({@code 10}: the previous sample's timestamp). Anything else is {@code 11}
 * and the distance back from the sample's own timestamp as a varint; a start of 0 means none.
 *
 * <p>One instance per appender or iterator, holding the previous sample's start and timestamp.
 */
final class StartTimestamps {

    /** The current (last written or read) sample's start; 0 when it has none. */
    long st;
    private long prevT;
    private boolean first = true;

    void reset() {
        st = 0;
        prevT = 0;
        first = true;
    }

    void copyFrom(StartTimestamps o) {
        st = o.st;
        prevT = o.prevT;
        first = o.first;
    }

    /** Writes the start of the sample at {@code t}. */
    void write(BitWriter w, long t, long start) {
        if (start == st) {
            w.writeBit(false);
        } else if (!first && start == prevT) {
            w.writeBits(0b10, 2);
        } else {
            w.writeBits(0b11, 2);
            w.writeVarint(t - start);
        }
        st = start;
        prevT = t;
        first = false;
    }

    /** Reads the start of the sample at {@code t} into {@link #st}. */
    void read(BitReader in, long t) {
        if (in.readBit()) {
            if (in.readBit()) {
                st = t - in.readVarint();
            } else {
                if (first) {
                    throw new ChunkFormatException("the first sample's start refers to no previous sample");
                }
                st = prevT;
            }
        }
        prevT = t;
        first = false;
    }
}
