package io.hearth.storage.chunk;

/**
 * Builds {@link PackedChunk}s from whole runs of float samples (a block's samples of one series):
 * timestamps as a {@link PackedColumnWriter} column, values as a column of decimal-scaled
 * integers ({@link DecimalScale}) with the specials apart, or, when that is not smaller, as the
 * Gorilla XOR stream. Reused across the series of one block by one thread.
 */
public final class PackedChunkWriter {

    /** The value-kind byte of XOR values; decimal values store their exponent, 0 to 22, there instead. */
    static final int VALUES_XOR = 0xFF;
    /**
     * The value-kind byte of values stored as a column of their raw IEEE 754 bits taken as
     * integers: full-precision floats that are noise around a level, or a float sum growing by
     * small steps, take fewer bits so than as XOR.
     */
    static final int VALUES_RAW = 0xFE;
    /**
     * Layout 2: set in a decimal value-kind byte (with the exponent, 0 to 22, in the low bits) when
     * specials follow; without it there are none, and no count is stored.
     */
    static final int DECIMAL_SPECIALS = 0x20;
    /** The bits of a layout-2 decimal value-kind byte that hold the exponent. */
    static final int DECIMAL_EXPONENT_BITS = 0x1F;

    private final PackedColumnWriter columns = new PackedColumnWriter();
    private final DecimalScale decimal = new DecimalScale();
    private final XorValues xorValues = new XorValues();

    /**
     * Encodes {@code n >= 1} samples: strictly increasing timestamps {@code t} and raw value bits
     * {@code valueBits}, kept exactly (NaN payloads included).
     *
     * @return the chunk's bytes, for {@link PackedChunk#wrap}
     * @throws IllegalArgumentException if {@code n} is out of range or the timestamps do not increase
     */
    public byte[] encode(long[] t, long[] valueBits, int n) {
        return encode(t, valueBits, n, 0);
    }

    /**
     * Encodes as {@link #encode(long[], long[], int)}, with the first timestamp stored relative to
     * {@code timeBase}: a block passes the chunk's first timestamp, which its series file already
     * holds, and saves some five bytes per chunk. Such a chunk reads only with the same base
     * ({@link PackedChunk.PackedIterator#reset(byte[], int, int, long)}); base 0 is the
     * self-contained form {@link PackedChunk#wrap} reads.
     */
    public byte[] encode(long[] t, long[] valueBits, int n, long timeBase) {
        return encode(t, valueBits, n, timeBase, PackedChunk.LAYOUT_1);
    }

    /**
     * Encodes as {@link #encode(long[], long[], int, long)} in run layout {@code layout}
     * ({@link PackedChunk#LAYOUT_1} or {@link PackedChunk#LAYOUT_2}); the chunk reads only with the
     * same layout ({@link PackedChunk.PackedIterator#reset(byte[], int, int, long, int)}). Layout 2
     * does not store the first timestamp: {@code timeBase} must be it.
     *
     * @throws IllegalArgumentException also for layout 2 with a base other than {@code t[0]}
     */
    public byte[] encode(long[] t, long[] valueBits, int n, long timeBase, int layout) {
        if (layout != PackedChunk.LAYOUT_1 && layout != PackedChunk.LAYOUT_2) {
            throw new IllegalArgumentException("no packed run layout " + layout);
        }
        if (n < 1 || n > PackedChunk.MAX_SAMPLES) {
            throw new IllegalArgumentException("a packed chunk holds 1 to " + PackedChunk.MAX_SAMPLES + " samples, not " + n);
        }
        if (layout == PackedChunk.LAYOUT_2 && timeBase != t[0]) {
            throw new IllegalArgumentException("layout 2 takes the first timestamp as its base, not " + timeBase);
        }
        for (int i = 1; i < n; i++) {
            if (t[i] <= t[i - 1]) {
                throw new IllegalArgumentException("timestamp " + t[i] + " is not after the last one, " + t[i - 1]);
            }
        }
        BitWriter meta = new BitWriter(32);
        BitWriter timeBits = new BitWriter(n);
        meta.writeUvarint(n);
        if (layout == PackedChunk.LAYOUT_1) {
            columns.write(t, n, meta, timeBits, timeBase, layout);
        } else {
            columns.writeWithoutFirst(t, n, meta, timeBits, layout); // the base is the first timestamp
        }

        BitWriter xor = new BitWriter(n * 2);
        xor.writeBits(valueBits[0], 64);
        xorValues.reset(valueBits[0]);
        for (int i = 1; i < n; i++) {
            xorValues.write(xor, valueBits[i]);
        }
        BitWriter valueMeta = null;
        BitWriter valueData = xor;
        int exponent = decimal.scale(valueBits, n);
        if (exponent >= 0) {
            BitWriter dm = new BitWriter(16);
            BitWriter dd = new BitWriter(n);
            if (layout == PackedChunk.LAYOUT_1) {
                dm.writeByte(exponent);
                dm.writeUvarint(decimal.specialCount);
            } else if (decimal.specialCount == 0) {
                dm.writeByte(exponent);
            } else {
                dm.writeByte(exponent | DECIMAL_SPECIALS);
                dm.writeUvarint(decimal.specialCount);
            }
            int previous = -1;
            for (int s = 0; s < decimal.specialCount; s++) {
                int at = decimal.specials[s];
                dm.writeUvarint(at - previous - 1);
                dm.writeBits(valueBits[at], 64);
                previous = at;
            }
            columns.write(decimal.mantissas, n, dm, dd, 0, layout);
            if (dm.byteLength() + dd.byteLength() < 1 + xor.byteLength()) {
                valueMeta = dm;
                valueData = dd;
            }
        }
        if (valueMeta == null && n >= 3) {
            BitWriter rm = new BitWriter(16);
            BitWriter rd = new BitWriter(n);
            rm.writeByte(VALUES_RAW);
            columns.write(valueBits, n, rm, rd, 0, layout);
            if (rm.byteLength() + rd.byteLength() < 1 + xor.byteLength()) {
                valueMeta = rm;
                valueData = rd;
            }
        }
        if (valueMeta == null) {
            valueMeta = new BitWriter(1);
            valueMeta.writeByte(VALUES_XOR);
        }
        int length = meta.byteLength() + valueMeta.byteLength() + timeBits.byteLength() + valueData.byteLength();
        byte[] out = new byte[length];
        int at = 0;
        for (BitWriter w : new BitWriter[] {meta, valueMeta, timeBits, valueData}) {
            System.arraycopy(w.array(), 0, out, at, w.byteLength());
            at += w.byteLength();
        }
        return out;
    }
}
