package io.hearth.storage.chunk;

/**
 * The Gorilla XOR coder for one stream of 64-bit values: the previous value and the current
 * window of meaningful bits. One instance per stream (the values of an XOR chunk, the sums of a
 * histogram chunk); the writer and reader of a stream go through the same states. See
 * {@code docs/format/chunks.md}.
 */
final class XorValues {

    long bits;
    int leading = -1;
    int trailing;

    void reset(long firstBits) {
        bits = firstBits;
        leading = -1;
        trailing = 0;
    }

    void copyFrom(XorValues o) {
        bits = o.bits;
        leading = o.leading;
        trailing = o.trailing;
    }

    void write(BitWriter w, long next) {
        long x = next ^ bits;
        bits = next;
        if (x == 0) {
            w.writeBit(false);
            return;
        }
        w.writeBit(true);
        int lead = Long.numberOfLeadingZeros(x);
        int trail = Long.numberOfTrailingZeros(x);
        if (leading >= 0 && lead >= leading && trail >= trailing) {
            // The meaningful bits fit inside the previous window: reuse it.
            w.writeBit(false);
            w.writeBits(x >>> trailing, 64 - leading - trailing);
        } else {
            int sig = 64 - lead - trail; // 1..64
            w.writeBit(true);
            w.writeBits(lead, 6);
            w.writeBits(sig - 1, 6);
            w.writeBits(x >>> trail, sig);
            leading = lead;
            trailing = trail;
        }
    }

    void read(BitReader in) {
        if (!in.readBit()) {
            return;
        }
        if (!in.readBit()) {
            if (leading < 0) {
                throw new ChunkFormatException("XOR window reused before one was set");
            }
            bits ^= in.readBits(64 - leading - trailing) << trailing;
        } else {
            int lead = (int) in.readBits(6);
            int sig = (int) in.readBits(6) + 1;
            if (lead + sig > 64) {
                throw new ChunkFormatException("XOR window of " + lead + "+" + sig + " bits exceeds 64");
            }
            leading = lead;
            trailing = 64 - lead - sig;
            bits ^= in.readBits(sig) << trailing;
        }
    }
}
