package io.hearth.storage.head;

import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;
import io.hearth.storage.chunk.Chunk;
import io.hearth.storage.chunk.ChunkAppender;
import io.hearth.storage.chunk.Encoding;
import io.hearth.storage.chunk.FloatHistogramChunk;
import io.hearth.storage.chunk.HistogramAppendResult;
import io.hearth.storage.chunk.XorChunk;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One series in the head: its labels, its cut chunks and the open chunk, and the out-of-order
 * samples the window admitted.
 *
 * <p>Two kinds of state with two guards. The <em>reservation</em> fields ({@code resMaxT} and the
 * last value) are what a commit checks new samples against; they run ahead of the chunks by the
 * commits waiting for their WAL force, and are guarded by the head's commit lock. The
 * <em>stored</em> fields (chunks, out-of-order map, time range) are guarded by {@code this}:
 * commits write them after the force, readers snapshot them.
 */
final class HeadSeries {

    /**
     * A chunk as a reader sees it: the open chunk's copied {@code bytes} (of {@code openEncoding}),
     * or a cut chunk whose header is at {@code header} in {@code segment} (a head chunk file
     * mapping, which the reader keeps alive while it holds this). A cut chunk's encoding and length
     * are read from its header only when a reader opens it: a query snapshots every selected series
     * on its own thread before its partitions read them on several, and reading each chunk's header
     * there cost a cache miss per chunk on that one thread (the largest serial cost of a rate
     * query's selection); the reader opening the chunk touches those bytes anyway.
     */
    record SnapshotChunk(Encoding openEncoding, byte[] bytes, ByteBuffer segment, int header, long minT, long maxT) {

        /** The chunk's encoding. */
        Encoding encoding() {
            return bytes != null ? openEncoding : HeadChunkFile.encoding(segment, header);
        }

        /** Where a cut chunk's bytes start in {@code segment}. */
        int offset() {
            return header + HeadChunkFile.HEADER_BYTES;
        }

        /** The chunk's byte length. */
        int length() {
            return bytes != null ? bytes.length : HeadChunkFile.length(segment, header);
        }
    }

    /**
     * An out-of-order sample; {@code hist} is null for a float, {@code st} is its start timestamp
     * (0 for none). Visible to readers once the head has applied commit {@code seq}.
     */
    record OooSample(long bits, FloatHistogram hist, long st, long seq) {
    }

    final int ref;
    final Labels labels;

    // Per-sample writes of the volatile fields below are release stores (setRelease), not volatile
    // ones: a volatile store on x86 drains the store buffer, and the reservation under the commit
    // lock and the applying in commit order, both one commit at a time, paid that once per sample
    // behind the cache-missing stores into the chunk. Readers need only what a release store
    // gives: a racy reader that sees the new value sees what was written before it; the locks
    // order the rest.
    private static final VarHandle RES_MAX_T;
    private static final VarHandle MIN_T;
    private static final VarHandle MAX_T;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RES_MAX_T = l.findVarHandle(HeadSeries.class, "resMaxT", long.class);
            MIN_T = l.findVarHandle(HeadSeries.class, "minT", long.class);
            MAX_T = l.findVarHandle(HeadSeries.class, "maxT", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // reservation state, guarded by Head.commitLock; resMaxT is also read racily by appenders
    volatile long resMaxT = Long.MIN_VALUE;
    long resLastBits;
    FloatHistogram resLastHist;

    // stored state, guarded by this
    private static final long[] NO_CHUNKS = new long[0];
    private static final int CUT_STRIDE = 3;

    // the cut chunks, oldest first, as (head chunk file reference, minT, maxT) triples: their bytes
    // live in the head chunk file, off the heap; an exact-size array, as a list's object and spare
    // slots cost every series heap
    private long[] cut = NO_CHUNKS;
    private Chunk open;
    private ChunkAppender appender;
    private long openMinT;
    private long openMaxT; // the open chunk's sample count is its own: 4 bytes fewer keep this object at 88 bytes
    TreeMap<Long, OooSample> ooo; // null until the first out-of-order sample
    volatile long minT = Long.MAX_VALUE;
    volatile long maxT = Long.MIN_VALUE;

    HeadSeries(int ref, Labels labels) {
        this.ref = ref;
        this.labels = labels;
    }

    /**
     * Appends an in-order float sample to the open chunk, cutting it first when full, too long or
     * of another encoding. A sample with a start timestamp ({@code st} not 0) needs a chunk that
     * keeps starts ({@link Encoding#XOR_ST}); one without fits either. Caller holds {@code this}.
     *
     * @return the number of chunks created (0 or 1)
     */
    int appendFloat(long t, long st, long bits, long maxSpan, HeadChunkFile file) {
        int created = 0;
        Encoding e = open == null ? null : open.encoding();
        boolean fits = e == Encoding.XOR_ST || (e == Encoding.XOR && st == 0);
        if (!fits || openSamples() >= XorChunk.TARGET_SAMPLES || t - openMinT >= maxSpan) {
            startChunk(new XorChunk(st != 0), t, file);
            created = 1;
        }
        appender.append(t, st, Double.longBitsToDouble(bits));
        stored(t);
        return created;
    }

    /** Like {@link #appendFloat} for a histogram; {@code h} is a holder the caller reuses. */
    int appendHistogram(long t, long st, io.hearth.storage.chunk.FloatHistogram h, long maxSpan, HeadChunkFile file) {
        int created = 0;
        Encoding e = open == null ? null : open.encoding();
        boolean fits = e == Encoding.FLOAT_HISTOGRAM_ST || (e == Encoding.FLOAT_HISTOGRAM && st == 0);
        if (!fits || openSamples() >= FloatHistogramChunk.TARGET_SAMPLES || t - openMinT >= maxSpan) {
            startChunk(new FloatHistogramChunk(st != 0), t, file);
            created = 1;
        }
        HistogramAppendResult r = appender.appendFloatHistogram(t, st, h);
        if (r != HistogramAppendResult.APPENDED) {
            startChunk(new FloatHistogramChunk(st != 0), t, file);
            created++;
            if (r == HistogramAppendResult.COUNTER_RESET) {
                h.counterResetHint(io.hearth.storage.chunk.CounterResetHint.COUNTER_RESET);
            }
            r = appender.appendFloatHistogram(t, st, h);
            if (r != HistogramAppendResult.APPENDED) {
                throw new IllegalStateException("a fresh chunk refused a histogram: " + r);
            }
        }
        stored(t);
        return created;
    }

    private void startChunk(Chunk chunk, long t, HeadChunkFile file) {
        cutOpen(file);
        open = chunk;
        appender = chunk.appender();
        openMinT = t;
    }

    private void cutOpen(HeadChunkFile file) {
        if (openSamples() > 0) {
            long ref = file.append(open.encoding(), open.bytes(), open.numSamples(), openMaxT);
            int n = cut.length;
            long[] more = Arrays.copyOf(cut, n + CUT_STRIDE);
            more[n] = ref;
            more[n + 1] = openMinT;
            more[n + 2] = openMaxT;
            cut = more;
        }
        open = null;
        appender = null;
    }

    /** The samples in the open chunk; caller holds {@code this}. */
    private int openSamples() {
        return open == null ? 0 : open.numSamples();
    }

    private void stored(long t) {
        openMaxT = t;
        widen(t);
    }

    /** Moves the reservation's newest timestamp to {@code t}; caller holds the commit lock. */
    void reserveMaxT(long t) {
        RES_MAX_T.setRelease(this, t);
    }

    /** Extends the stored time range; caller holds {@code this}. */
    void widen(long t) {
        if (t < minT) {
            MIN_T.setRelease(this, t);
        }
        if (t > maxT) {
            MAX_T.setRelease(this, t);
        }
    }

    /**
     * Drops the chunks whose samples are all older than {@code t} and the out-of-order samples
     * older than {@code t}, once a block holds them; a chunk straddling {@code t} stays (readers
     * deduplicate the overlap). Takes {@code this}.
     *
     * @return {@code {chunks dropped, samples dropped}}
     */
    synchronized long[] truncateBefore(long t, HeadChunkFile file) {
        long chunks = 0;
        long samples = 0;
        int keep = 0;
        for (int i = 0; i < cut.length; i += CUT_STRIDE) {
            if (cut[i + 2] < t) {
                chunks++;
                samples += HeadChunkFile.samples(file.segment(cut[i]), HeadChunkFile.offset(cut[i]));
            } else {
                cut[keep++] = cut[i];
                cut[keep++] = cut[i + 1];
                cut[keep++] = cut[i + 2];
            }
        }
        cut = keep == 0 ? NO_CHUNKS : keep == cut.length ? cut : Arrays.copyOf(cut, keep);
        if (openSamples() > 0 && openMaxT < t) {
            chunks++;
            samples += open.numSamples();
            open = null;
            appender = null;
        }
        if (ooo != null) {
            var old = ooo.headMap(t, false);
            samples += old.size();
            old.clear();
            if (ooo.isEmpty()) {
                ooo = null;
            }
        }
        long min = Long.MAX_VALUE;
        if (cut.length > 0) {
            min = cut[1];
        } else if (openSamples() > 0) {
            min = openMinT;
        }
        if (ooo != null && !ooo.isEmpty()) {
            min = Math.min(min, ooo.firstKey());
        }
        minT = min; // maxT stays: it orders in-order appends
        return new long[] {chunks, samples};
    }

    /** The number of chunks, cut and open. Caller holds {@code this}. */
    int chunkCount() {
        return cut.length / CUT_STRIDE + (openSamples() > 0 ? 1 : 0);
    }

    /**
     * Copies what a reader needs for {@code [lo, hi]}: the overlapping chunks (the open one's bytes
     * copied, the cut ones as their segments of {@code file}) and the visible out-of-order samples.
     * Takes {@code this}.
     */
    synchronized SeriesSnapshot snapshot(long lo, long hi, long visibleSeq, HeadChunkFile file) {
        boolean withOpen = openSamples() > 0 && openMaxT >= lo && openMinT <= hi;
        int count = withOpen ? 1 : 0;
        for (int i = 0; i < cut.length; i += CUT_STRIDE) {
            if (cut[i + 2] >= lo && cut[i + 1] <= hi) {
                count++;
            }
        }
        SnapshotChunk[] chunks = new SnapshotChunk[count];
        int c = 0;
        for (int i = 0; i < cut.length; i += CUT_STRIDE) {
            if (cut[i + 2] >= lo && cut[i + 1] <= hi) {
                chunks[c++] = new SnapshotChunk(null, null, file.segment(cut[i]).buf, HeadChunkFile.offset(cut[i]),
                        cut[i + 1], cut[i + 2]);
            }
        }
        if (withOpen) {
            chunks[c] = new SnapshotChunk(open.encoding(), open.bytes(), null, 0, openMinT, openMaxT);
        }
        long[] oooT = SeriesSnapshot.NO_LONGS;
        long[] oooBits = SeriesSnapshot.NO_LONGS;
        long[] oooSt = SeriesSnapshot.NO_LONGS;
        FloatHistogram[] oooHist = null;
        if (ooo != null) {
            var range = ooo.subMap(lo, true, hi, true);
            int n = 0;
            oooT = new long[range.size()];
            oooBits = new long[range.size()];
            oooSt = new long[range.size()];
            oooHist = new FloatHistogram[range.size()];
            for (Map.Entry<Long, OooSample> e : range.entrySet()) {
                if (e.getValue().seq() <= visibleSeq) {
                    oooT[n] = e.getKey();
                    oooBits[n] = e.getValue().bits();
                    oooSt[n] = e.getValue().st();
                    oooHist[n] = e.getValue().hist();
                    n++;
                }
            }
            if (n < oooT.length) {
                oooT = java.util.Arrays.copyOf(oooT, n);
                oooBits = java.util.Arrays.copyOf(oooBits, n);
                oooSt = java.util.Arrays.copyOf(oooSt, n);
                oooHist = java.util.Arrays.copyOf(oooHist, n);
            }
        }
        return new SeriesSnapshot(chunks, oooT, oooBits, oooSt, oooHist);
    }

    /** What {@link #snapshot} returns; immutable once built. */
    record SeriesSnapshot(SnapshotChunk[] chunks, long[] oooT, long[] oooBits, long[] oooSt, FloatHistogram[] oooHist) {
        static final long[] NO_LONGS = new long[0];
    }
}
