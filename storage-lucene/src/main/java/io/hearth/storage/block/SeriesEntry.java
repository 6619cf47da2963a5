package io.hearth.storage.block;

import io.hearth.spi.storage.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One series of a block as stored in its index entry: labels and, per chunk in time order, its
 * time range and where its frame is in the chunk stream. Encoded as varints (see
 * {@code docs/format/blocks.md}); immutable once decoded.
 *
 * @param minT each chunk's first sample time
 * @param maxT each chunk's last sample time
 * @param offset each chunk frame's offset in the chunk stream
 * @param length each chunk's length in bytes (the frame is 5 bytes longer)
 */
public record SeriesEntry(Labels labels, long[] minT, long[] maxT, long[] offset, int[] length) {

    /** The number of chunks. */
    public int chunks() {
        return minT.length;
    }

    /** Encodes the entry. */
    byte[] encode() {
        Out o = new Out();
        String[] pairs = labels.toPairs();
        o.uvarint(pairs.length / 2);
        for (String s : pairs) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            o.uvarint(b.length);
            o.bytes(b);
        }
        o.uvarint(minT.length);
        long prevMax = 0;
        long prevEnd = 0;
        for (int i = 0; i < minT.length; i++) {
            o.varint(minT[i] - prevMax);
            o.uvarint(maxT[i] - minT[i]);
            o.varint(offset[i] - prevEnd);
            o.uvarint(length[i]);
            prevMax = maxT[i];
            prevEnd = offset[i] + length[i] + ChunkFrames.OVERHEAD;
        }
        return o.toArray();
    }

    /**
     * Decodes an entry.
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
        if (c < 0 || c > b.length) {
            throw new IllegalArgumentException("series entry with " + c + " chunks in " + b.length + " bytes");
        }
        long[] minT = new long[c];
        long[] maxT = new long[c];
        long[] offset = new long[c];
        int[] length = new int[c];
        long prevMax = 0;
        long prevEnd = 0;
        for (int i = 0; i < c; i++) {
            minT[i] = prevMax + in.varint();
            maxT[i] = minT[i] + in.uvarint();
            offset[i] = prevEnd + in.varint();
            length[i] = (int) in.uvarint();
            prevMax = maxT[i];
            prevEnd = offset[i] + length[i] + ChunkFrames.OVERHEAD;
        }
        return new SeriesEntry(Labels.ofSortedPairs(pairs), minT, maxT, offset, length);
    }

    private static final class Out {
        byte[] a = new byte[64];
        int n;

        void uvarint(long v) {
            while ((v & ~0x7FL) != 0) {
                put((byte) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            put((byte) v);
        }

        void varint(long v) {
            uvarint((v << 1) ^ (v >> 63));
        }

        void bytes(byte[] b) {
            for (byte x : b) {
                put(x);
            }
        }

        void put(byte x) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = x;
        }

        byte[] toArray() {
            return Arrays.copyOf(a, n);
        }
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
