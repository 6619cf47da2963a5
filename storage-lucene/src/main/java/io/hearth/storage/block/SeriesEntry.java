package io.hearth.storage.block;

import io.hearth.spi.storage.Labels;
import java.nio.charset.StandardCharsets;

/**
 * One series of a block as its index keeps it: labels and, per chunk in time order, its time range
 * and where its frame is in the chunk stream. The index stores the chunk references as numbers
 * ({@link #refs()}); older blocks stored the whole entry as varints ({@link #decode}). Immutable.
 *
 * @param minT each chunk's first sample time
 * @param maxT each chunk's last sample time
 * @param offset each chunk frame's offset in the chunk stream
 * @param length each chunk's length in bytes (the frame is 5 bytes longer)
 */
public record SeriesEntry(Labels labels, long[] minT, long[] maxT, long[] offset, int[] length) {

    /**
     * How the numbers ({@link #refs()}) continue from the previous series's in a block, whose frames
     * follow each other in series order: the first frame's offset is where the previous series's
     * last frame ended, and each chunk adds its offset number, its length and the frame overhead.
     */
    static final io.hearth.storage.index.NumberChain CHAIN = new io.hearth.storage.index.NumberChain(4, 2, 3, ChunkFrames.OVERHEAD);

    /** The number of chunks. */
    public int chunks() {
        return minT.length;
    }

    /**
     * The chunk references as the numbers the block index stores, four per chunk: the first
     * chunk's times and offset as they are, each later one's from the end of the one before (so a
     * series's numbers differ little from the previous series's, which is what the index's coding
     * favours); the inverse of {@link #ofRefs}.
     */
    long[] refs() {
        long[] r = new long[minT.length * 4];
        long prevMax = 0;
        long prevEnd = 0;
        for (int i = 0; i < minT.length; i++) {
            r[4 * i] = minT[i] - prevMax;
            r[4 * i + 1] = maxT[i] - minT[i];
            r[4 * i + 2] = offset[i] - prevEnd;
            r[4 * i + 3] = length[i];
            prevMax = maxT[i];
            prevEnd = offset[i] + length[i] + ChunkFrames.OVERHEAD;
        }
        return r;
    }

    /**
     * The entry of a series with these labels and {@linkplain #refs() numbers}.
     *
     * @throws IllegalArgumentException if the numbers are not those of chunk references
     */
    static SeriesEntry ofRefs(Labels labels, long[] r) {
        if (r.length % 4 != 0) {
            throw new IllegalArgumentException("series entry with " + r.length + " chunk reference numbers");
        }
        int c = r.length / 4;
        long[] minT = new long[c];
        long[] maxT = new long[c];
        long[] offset = new long[c];
        int[] length = new int[c];
        long prevMax = 0;
        long prevEnd = 0;
        for (int i = 0; i < c; i++) {
            minT[i] = prevMax + r[4 * i];
            maxT[i] = minT[i] + r[4 * i + 1];
            offset[i] = prevEnd + r[4 * i + 2];
            if (r[4 * i + 1] < 0 || offset[i] < 0 || r[4 * i + 3] < 0 || r[4 * i + 3] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid chunk reference " + i + " in series entry");
            }
            length[i] = (int) r[4 * i + 3];
            prevMax = maxT[i];
            prevEnd = offset[i] + length[i] + ChunkFrames.OVERHEAD;
        }
        return new SeriesEntry(labels, minT, maxT, offset, length);
    }

    /**
     * Decodes an entry as blocks stored it before the index's series file (a stored field of
     * varints: labels as strings, then the chunk references).
     *
     * @throws IllegalArgumentException if the bytes are not a valid entry
     */
    static SeriesEntry decode(byte[] b) {
        In in = new In(b);
        int n = (int) in.uvarint();
        String[] pairs = new String[n * 2];
        for (int i = 0; i < pairs.length; i++) {
            int len = (int) in.uvarint();
            pairs[i] = new String(b, in.take(len), len, StandardCharsets.UTF_8);
        }
        int c = (int) in.uvarint();
        if (c < 0 || c > b.length / 4) {
            throw new IllegalArgumentException("series entry with " + c + " chunks in " + b.length + " bytes");
        }
        // the same four numbers per chunk as a series file holds, so ofRefs resolves them
        long[] r = new long[4 * c];
        for (int i = 0; i < r.length; i += 4) {
            r[i] = in.varint();
            r[i + 1] = in.uvarint();
            r[i + 2] = in.varint();
            r[i + 3] = in.uvarint();
        }
        return ofRefs(Labels.ofSortedPairs(pairs), r);
    }

    private static final class In {
        final byte[] a;
        int p;

        In(byte[] a) {
            this.a = a;
        }

        long uvarint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (p >= a.length) {
                    throw new IllegalArgumentException("truncated series entry");
                }
                byte x = a[p++];
                v |= (long) (x & 0x7F) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint too long in series entry");
        }

        long varint() {
            long u = uvarint();
            return (u >>> 1) ^ -(u & 1);
        }

        int take(int len) {
            if (len < 0 || p + len > a.length) {
                throw new IllegalArgumentException("truncated series entry");
            }
            int at = p;
            p += len;
            return at;
        }
    }
}
