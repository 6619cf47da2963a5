package io.hearth.storage.head;

import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.FloatSampleBuffer;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.chunk.ChunkIterator;
import io.hearth.storage.chunk.Encoding;
import io.hearth.storage.chunk.FloatHistogramChunk;
import io.hearth.storage.chunk.XorChunk;

/**
 * Iterates a {@link HeadSeries.SeriesSnapshot} within {@code [minT, maxT]}: the in-order chunks in
 * sequence, merged with the out-of-order samples; where both hold a timestamp, the in-order
 * sample is returned and the other skipped. Reusable across snapshots; float samples allocate
 * nothing.
 */
final class HeadSampleIterator implements SampleIterator {

    private final XorChunk.XorIterator xor = new XorChunk.XorIterator();
    private final FloatHistogramChunk.FloatHistogramIterator fh = new FloatHistogramChunk.FloatHistogramIterator();
    private final io.hearth.storage.chunk.FloatHistogram holder = new io.hearth.storage.chunk.FloatHistogram();

    private byte[] scratch = new byte[256];
    private HeadSeries.SeriesSnapshot snap;
    private long minT;
    private long maxT;

    // in-order cursor
    private int ci;
    private ChunkIterator it;
    private boolean cHas;
    private long cT;
    private boolean needC;
    // out-of-order cursor
    private int oi;
    private boolean oHas;
    private boolean needO;
    // current sample
    private boolean curIsChunk;
    private ValueType curType = ValueType.NONE;
    private long curT;
    private RuntimeException err;

    HeadSampleIterator reset(HeadSeries.SeriesSnapshot snap, long minT, long maxT) {
        this.snap = snap;
        this.minT = minT;
        this.maxT = maxT;
        ci = -1;
        it = null;
        cHas = false;
        needC = true;
        oi = -1;
        oHas = false;
        needO = true;
        curType = ValueType.NONE;
        err = null;
        return this;
    }

    @Override
    public ValueType next() {
        if (err != null) {
            return ValueType.NONE;
        }
        if (needC) {
            advanceChunk(minT);
            needC = false;
        }
        if (needO) {
            oi++;
            oHas = oi < snap.oooT().length && snap.oooT()[oi] <= maxT;
            needO = false;
        }
        if (err != null || (!cHas && !oHas)) {
            curType = ValueType.NONE;
            return curType;
        }
        if (cHas && (!oHas || cT <= snap.oooT()[oi])) {
            if (oHas && snap.oooT()[oi] == cT) {
                needO = true;
            }
            curIsChunk = true;
            curT = cT;
            curType = it == fh ? ValueType.HISTOGRAM : ValueType.FLOAT;
            needC = true;
        } else {
            curIsChunk = false;
            curT = snap.oooT()[oi];
            curType = snap.oooHist()[oi] == null ? ValueType.FLOAT : ValueType.HISTOGRAM;
            needO = true;
        }
        return curType;
    }

    /**
     * The batch read: once on a float chunk's sample, decodes on through that chunk in a tight loop
     * up to the next out-of-order sample (or {@code maxT}); everything else steps as {@link #next()}.
     */
    @Override
    public ValueType nextFloats(long maxT, FloatSampleBuffer into) {
        ValueType type;
        while ((type = next()) == ValueType.FLOAT && curT <= maxT) {
            into.add(curT, Double.longBitsToDouble(valueBits()), curIsChunk ? it.atST() : snap.oooSt()[oi]);
            if (curIsChunk && it == xor) {
                runChunk(Math.min(maxT, pendingOooT() - 1), into);
            }
        }
        return type;
    }

    /** The timestamp of the next out-of-order sample not yet returned, {@code Long.MAX_VALUE} if none. */
    private long pendingOooT() {
        int o = needO ? oi + 1 : oi;
        return o < snap.oooT().length ? snap.oooT()[o] : Long.MAX_VALUE;
    }

    /**
     * Copies the current XOR chunk's next samples up to {@code limit} (and {@code maxT}), leaving the
     * in-order cursor as {@link #advanceChunk} would: on the first sample past them, or to be moved
     * on to the next chunk by {@code next()}. A chunk without start timestamps is decoded in one
     * loop ({@link XorChunk.XorIterator#copyUpTo}); one with them sample by sample.
     */
    private void runChunk(long limit, FloatSampleBuffer into) {
        long upTo = Math.min(limit, maxT);
        if (!xor.hasStartTimestamps()) {
            // the chunk's decoder copies the run itself; the loop below then steps onto the sample after it
            int at = into.reserve(xor.remaining());
            int n = xor.copyUpTo(upTo, into.timestamps(), into.values(), at);
            into.commit(n);
            if (n > 0) {
                curT = xor.atT();
            }
        }
        while (xor.next()) {
            long t = xor.atT();
            if (t > upTo) {
                if (t > maxT) {
                    cHas = false;
                    ci = snap.chunks().length;
                    it = null;
                } else {
                    cHas = true;
                    cT = t;
                }
                needC = false;
                return;
            }
            curT = t;
            into.add(t, Double.longBitsToDouble(xor.atVBits()), xor.atST());
        }
        // the chunk ended or is corrupt: next() moves on (or reports it) as after any chunk sample
        needC = true;
    }

    private void advanceChunk(long lo) {
        HeadSeries.SnapshotChunk[] chunks = snap.chunks();
        while (true) {
            boolean ok;
            if (it == null) {
                if (++ci >= chunks.length) {
                    cHas = false;
                    return;
                }
                if (chunks[ci].maxT() < lo) {
                    continue;
                }
                it = open(chunks[ci]);
                ok = it.seek(lo);
            } else {
                ok = it.next();
            }
            if (!ok) {
                if (it.err() != null) {
                    err = it.err();
                    cHas = false;
                    return;
                }
                it = null;
                continue;
            }
            long t = it.atT();
            if (t > maxT) {
                cHas = false;
                ci = chunks.length;
                it = null;
                return;
            }
            cHas = true;
            cT = t;
            return;
        }
    }

    private ChunkIterator open(HeadSeries.SnapshotChunk c) {
        byte[] b = c.bytes();
        int len = c.length();
        if (b == null) {
            // a cut chunk: copy it out of its mapping into the reused scratch (a few hundred bytes,
            // against decoding its samples)
            if (scratch.length < len) {
                scratch = new byte[Math.max(len, 2 * scratch.length)];
            }
            c.segment().get(c.offset(), scratch, 0, len);
            b = scratch;
        }
        switch (c.encoding()) {
            case XOR -> {
                return xor.reset(b, 0, len, false);
            }
            case XOR_ST -> {
                return xor.reset(b, 0, len, true);
            }
            case FLOAT_HISTOGRAM -> {
                return fh.reset(b, 0, len, false);
            }
            case FLOAT_HISTOGRAM_ST -> {
                return fh.reset(b, 0, len, true);
            }
            default -> {
            }
        }
        throw new IllegalStateException("the head holds no " + c.encoding() + " chunks");
    }

    @Override
    public ValueType seek(long t) {
        if (curType != ValueType.NONE && curT >= t) {
            return curType;
        }
        if (err != null) {
            return ValueType.NONE;
        }
        // skip whole chunks (and the samples of the current one) before t
        if (needC || (cHas && cT < t)) {
            if (it != null && snap.chunks()[ci].maxT() < t) {
                it = null;
            }
            if (it == null) {
                advanceChunk(Math.max(t, minT));
            } else if (!it.seek(t)) {
                if (it.err() != null) {
                    err = it.err();
                    return ValueType.NONE;
                }
                it = null;
                advanceChunk(Math.max(t, minT));
            } else if (it.atT() > maxT) {
                cHas = false;
                it = null;
                ci = snap.chunks().length;
            } else {
                cHas = true;
                cT = it.atT();
            }
            needC = false;
        }
        while (true) {
            if (needO) {
                oi++;
                needO = false;
            }
            if (oi < snap.oooT().length && snap.oooT()[oi] < t) {
                needO = true;
                continue;
            }
            oHas = oi < snap.oooT().length && snap.oooT()[oi] <= maxT;
            break;
        }
        return next();
    }

    @Override
    public long timestamp() {
        return curT;
    }

    @Override
    public double value() {
        if (curType != ValueType.FLOAT) {
            throw new IllegalStateException("the current sample is " + curType + ", not a float");
        }
        return Double.longBitsToDouble(curIsChunk ? it.atVBits() : snap.oooBits()[oi]);
    }

    /** The current float's raw bits. */
    long valueBits() {
        return curIsChunk ? it.atVBits() : snap.oooBits()[oi];
    }

    @Override
    public FloatHistogram histogram() {
        if (curType != ValueType.HISTOGRAM) {
            throw new IllegalStateException("the current sample is " + curType + ", not a histogram");
        }
        return curIsChunk ? Histograms.fromChunk(fh.atFloatHistogram(holder)) : snap.oooHist()[oi];
    }

    @Override
    public long startTimestamp() {
        if (curType == ValueType.NONE) {
            throw new IllegalStateException("no current sample");
        }
        return curIsChunk ? it.atST() : snap.oooSt()[oi];
    }

    @Override
    public RuntimeException err() {
        return err;
    }
}
