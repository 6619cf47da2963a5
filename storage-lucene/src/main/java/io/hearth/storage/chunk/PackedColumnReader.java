package io.hearth.storage.chunk;

/**
 * Decodes one column written by {@link PackedColumnWriter}, one value at a time. A reusable view
 * over the chunk's bytes: {@link #open} parses the header and steps over the exceptions, which
 * are then read lazily from their own cursor as their positions come up; nothing is allocated.
 */
final class PackedColumnReader {

    private final BitReader exceptions = new BitReader();
    private final BitReader packed = new BitReader();

    private int read; // values returned so far
    private long x;
    private int mode;
    private long delta;
    private long gcd;
    private long lo;
    private int width;
    private int exceptionsLeft;
    private int nextException; // residual index of the next exception, or -1
    private long exceptionValue;
    private int residual; // index of the next residual
    private long packedBits;

    /**
     * Reads the header of a column of {@code n} values from {@code meta}, leaving it after the
     * column's exceptions, and returns how many bits its packed offsets take.
     */
    long open(BitReader meta, byte[] bytes, int end, int n) {
        read = 0;
        residual = 0;
        x = meta.readVarint();
        packedBits = 0;
        exceptionsLeft = 0;
        nextException = -1;
        if (n == 1) {
            return 0;
        }
        mode = meta.readByte();
        if (mode != PackedColumnWriter.DELTA && mode != PackedColumnWriter.DELTA_OF_DELTA) {
            throw new ChunkFormatException("unknown packed column mode " + mode);
        }
        delta = mode == PackedColumnWriter.DELTA_OF_DELTA ? meta.readVarint() : 0;
        gcd = meta.readUvarint();
        lo = meta.readVarint();
        width = meta.readByte();
        if (width > 64) {
            throw new ChunkFormatException("packed column width " + width + " exceeds 64");
        }
        int count = (int) meta.readUvarint();
        int residuals = mode == PackedColumnWriter.DELTA ? n - 1 : n - 2;
        if (count < 0 || count > residuals) {
            throw new ChunkFormatException("packed column with " + count + " exceptions in " + residuals + " residuals");
        }
        int at = (int) (meta.bitPosition() >>> 3);
        exceptions.reset(bytes, at, end - at);
        for (int i = 0; i < count; i++) {
            meta.readUvarint();
            meta.readVarint();
        }
        exceptionsLeft = count;
        loadException(-1);
        packedBits = (long) (residuals - count) * width;
        return packedBits;
    }

    /** Points the packed offsets at {@code bytes[offset, offset + length)}. */
    void packedAt(byte[] bytes, int offset, int length) {
        packed.reset(bytes, offset, length);
    }

    private void loadException(int previous) {
        if (exceptionsLeft == 0) {
            nextException = -1;
            return;
        }
        exceptionsLeft--;
        nextException = previous + 1 + (int) exceptions.readUvarint();
        exceptionValue = exceptions.readVarint();
    }

    /** The next value; the caller asks for at most {@code n}. */
    long next() {
        int i = read++;
        if (i == 0) {
            return x;
        }
        if (i == 1 && mode == PackedColumnWriter.DELTA_OF_DELTA) {
            x += delta;
            return x;
        }
        long q;
        int r = residual++;
        if (r == nextException) {
            q = exceptionValue;
            loadException(r);
        } else {
            q = lo + packed.readBits(width);
        }
        long d = q * gcd;
        if (mode == PackedColumnWriter.DELTA) {
            x += d;
        } else {
            delta += d;
            x += delta;
        }
        return x;
    }
}
