package io.hearth.storage.block;

import io.hearth.spi.chunk.ChunkWriter;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.chunk.Chunk;
import io.hearth.storage.chunk.ChunkAppender;
import io.hearth.storage.chunk.CounterResetHint;
import io.hearth.storage.chunk.Encoding;
import io.hearth.storage.chunk.FloatHistogramChunk;
import io.hearth.storage.chunk.HistogramAppendResult;
import io.hearth.storage.chunk.PackedChunk;
import io.hearth.storage.chunk.PackedChunkWriter;
import io.hearth.storage.chunk.XorChunk;
import io.hearth.storage.head.Histograms;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Re-encodes the samples of one series (from any {@link SampleIterator}: the head's, a merge of
 * blocks') into fresh chunks: {@link Encoding#PACKED} chunks of up to {@value #PACKED_TARGET}
 * samples for floats, float-histogram chunks of 120 for histograms, cutting on a change of value
 * type or histogram layout; writes their frames to the
 * block's chunk stream and returns the series's entry. Start timestamps are kept: a sample with one
 * moves the series to the start-timestamp variant of its encoding, as the head does. Reused across the series of one block by
 * one thread.
 */
final class ChunkEncoder {

    private static final int TARGET = XorChunk.TARGET_SAMPLES;
    /**
     * Float samples without start timestamps per packed chunk: a 2 h block of 15 s scrapes is one
     * chunk, and a seek into a compacted block decodes at most this many.
     */
    static final int PACKED_TARGET = 1024;

    private final ChunkWriter out;
    private final boolean pack;
    private final PackedChunkWriter packer = new PackedChunkWriter();
    private long[] packedT = new long[PACKED_TARGET];
    private long[] packedV = new long[PACKED_TARGET];
    private boolean packing; // the open chunk is packedT/packedV, not chunk
    private final io.hearth.storage.chunk.FloatHistogram holder = new io.hearth.storage.chunk.FloatHistogram();
    private ByteBuffer frame = ByteBuffer.allocate(4096);

    private Chunk chunk;
    private ChunkAppender app;
    private int inChunk;
    private long chunkMin;
    private long chunkMax;

    private long[] minT = new long[8];
    private long[] maxT = new long[8];
    private long[] offset = new long[8];
    private int[] length = new int[8];
    private int chunks;

    long samples;
    long chunkCount;
    long seriesMinT = Long.MAX_VALUE;
    long seriesMaxT = Long.MIN_VALUE;

    /**
     * @param pack whether float samples without start timestamps go into {@link Encoding#PACKED}
     *     chunks (what blocks are written with) rather than 120-sample XOR chunks (the format of
     *     older blocks, kept for tests that need such blocks)
     */
    ChunkEncoder(ChunkWriter out, boolean pack) {
        this.out = out;
        this.pack = pack;
    }

    /**
     * Encodes every sample {@code it} yields; returns the entry, or {@code null} if there were none.
     *
     * @throws IOException on a write failure, or if {@code it} ended with an error
     */
    SeriesEntry encode(Labels labels, SampleIterator it) throws IOException {
        chunks = 0;
        chunk = null;
        packing = false;
        for (ValueType type = it.next(); type != ValueType.NONE; type = it.next()) {
            long t = it.timestamp();
            long st = it.startTimestamp();
            Encoding e = packing ? Encoding.PACKED : chunk == null ? null : chunk.encoding();
            if (type == ValueType.FLOAT && st == 0 && pack && e != Encoding.XOR_ST) {
                if (e != Encoding.PACKED || inChunk >= PACKED_TARGET) {
                    start(null, t);
                    packing = true;
                }
                packedT[inChunk] = t;
                packedV[inChunk] = Double.doubleToRawLongBits(it.value());
            } else if (type == ValueType.FLOAT) {
                // a chunk with start timestamps takes any sample; one without, only samples without
                boolean fits = e == Encoding.XOR_ST || (e == Encoding.XOR && st == 0);
                if (!fits || inChunk >= TARGET) {
                    start(new XorChunk(st != 0), t);
                }
                app.append(t, st, it.value());
            } else {
                io.hearth.storage.chunk.FloatHistogram h = Histograms.toChunk(it.histogram(), holder);
                boolean fits = e == Encoding.FLOAT_HISTOGRAM_ST || (e == Encoding.FLOAT_HISTOGRAM && st == 0);
                if (!fits || inChunk >= TARGET) {
                    start(new FloatHistogramChunk(st != 0), t);
                }
                HistogramAppendResult r = app.appendFloatHistogram(t, st, h);
                if (r != HistogramAppendResult.APPENDED) {
                    start(new FloatHistogramChunk(st != 0 || e == Encoding.FLOAT_HISTOGRAM_ST), t);
                    if (r == HistogramAppendResult.COUNTER_RESET) {
                        h.counterResetHint(CounterResetHint.COUNTER_RESET);
                    }
                    if (app.appendFloatHistogram(t, st, h) != HistogramAppendResult.APPENDED) {
                        throw new IllegalStateException("a fresh chunk refused a histogram at " + t + " of " + labels);
                    }
                }
            }
            inChunk++;
            chunkMax = t;
            samples++;
        }
        if (it.err() != null) {
            throw new IOException("reading " + labels + " for a block failed", it.err());
        }
        flush();
        if (chunks == 0) {
            return null;
        }
        seriesMinT = Math.min(seriesMinT, minT[0]);
        seriesMaxT = Math.max(seriesMaxT, maxT[chunks - 1]);
        return new SeriesEntry(labels, Arrays.copyOf(minT, chunks), Arrays.copyOf(maxT, chunks),
                Arrays.copyOf(offset, chunks), Arrays.copyOf(length, chunks));
    }

    private void start(Chunk next, long t) throws IOException {
        flush();
        chunk = next;
        app = next == null ? null : next.appender();
        inChunk = 0;
        chunkMin = t;
    }

    private void flush() throws IOException {
        if ((chunk == null && !packing) || inChunk == 0) {
            return;
        }
        // the first timestamp is stored relative to chunkMin, which the index holds (chunk stream v2),
        // in run layout 2 (chunk stream v3)
        byte[] bytes = packing ? packer.encode(packedT, packedV, inChunk, chunkMin, PackedChunk.LAYOUT_2) : chunk.bytes();
        frame = ChunkFrames.frame(packing ? Encoding.PACKED : chunk.encoding(), bytes, frame);
        long at = out.append(frame);
        if (chunks == minT.length) {
            int n = chunks * 2;
            minT = Arrays.copyOf(minT, n);
            maxT = Arrays.copyOf(maxT, n);
            offset = Arrays.copyOf(offset, n);
            length = Arrays.copyOf(length, n);
        }
        minT[chunks] = chunkMin;
        maxT[chunks] = chunkMax;
        offset[chunks] = at;
        length[chunks] = bytes.length;
        chunks++;
        chunkCount++;
        chunk = null;
        packing = false;
        inChunk = 0;
    }
}
