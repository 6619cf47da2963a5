package io.hearth.storage.head;

import io.hearth.storage.record.ExemplarBatch;
import io.hearth.storage.record.FloatHistogramSampleBatch;
import io.hearth.storage.record.HistogramSampleBatch;
import io.hearth.storage.record.RecordDecoder;
import io.hearth.storage.record.RecordEncoder;
import io.hearth.storage.record.RecordType;
import io.hearth.storage.record.SampleBatch;
import io.hearth.storage.wal.WriteAheadLog;
import java.io.IOException;

/**
 * What the block layer does to a {@link Head} once a time range is safely in a block, kept apart
 * from the append path. The order is: {@link #fence} (no sample older than the block's end is
 * accepted from now on, and every commit that might hold one has been applied), then the block
 * is written from a head querier, then {@link #dropBefore} frees the chunks it holds and
 * {@link #checkpointWal} rewrites the log so replay no longer needs the block's samples.
 *
 * <p>Called by one maintenance thread per head at a time; appends and queries continue meanwhile.
 */
public final class HeadTruncation {

    private static final int SAMPLES_PER_RECORD = HeadAppender.SAMPLES_PER_RECORD;

    private HeadTruncation() {
    }

    /** The oldest and newest sample time held in the head, or {@code null} if it holds none. */
    public static long[] timeRange(Head head) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int n = head.seriesCount();
        for (int ref = 0; ref < n; ref++) {
            HeadSeries s = head.series(ref);
            long lo = s.minT;
            if (lo == Long.MAX_VALUE) {
                continue; // nothing left in memory
            }
            min = Math.min(min, lo);
            max = Math.max(max, s.maxT);
        }
        return min == Long.MAX_VALUE ? null : new long[] {min, max};
    }

    /** The time below which appends are refused ({@link Long#MIN_VALUE} until a block is cut). */
    public static long minValidTime(Head head) {
        return head.minValidTime;
    }

    /**
     * Refuses samples older than {@code t} from now on (never lowers the fence) and waits until
     * every commit that passed the old fence has written its chunks, so a querier over the head
     * below {@code t} sees everything it will ever hold there.
     */
    public static void fence(Head head, long t) {
        long seq;
        head.commitLock.lock();
        try {
            if (t > head.minValidTime) {
                head.minValidTime = t;
                head.labelStrings.clear();
            }
            seq = head.lastSeq();
        } finally {
            head.commitLock.unlock();
        }
        head.awaitApplied(seq);
    }

    /**
     * Drops from memory the chunks and out-of-order samples older than {@code t}, and the head chunk
     * segments that held only such chunks; the series stay. Call after {@link #fence} with at least
     * {@code t}, so that no chunk ending before {@code t} is cut meanwhile into a segment deleted here.
     *
     * @return the number of samples dropped
     */
    public static long dropBefore(Head head, long t) {
        long chunks = 0;
        long samples = 0;
        int n = head.seriesCount();
        for (int ref = 0; ref < n; ref++) {
            long[] dropped = head.series(ref).truncateBefore(t, head.chunkFile);
            chunks += dropped[0];
            samples += dropped[1];
        }
        head.chunkFile.deleteBefore(t); // no series holds a chunk ending before t any more
        head.headChunks.add(-chunks);
        head.headSamples.add(-samples);
        return samples;
    }

    /**
     * Cuts the log's active segment and replaces everything before it by a checkpoint holding
     * every series record and the samples at or after {@code t}; call after {@link #fence} with
     * the same {@code t} and after the block below {@code t} is durable.
     */
    public static void checkpointWal(Head head, long t) throws IOException {
        WriteAheadLog wal = head.wal();
        int active = wal.cutSegment();
        int through = active - 1;
        RecordDecoder decoder = new RecordDecoder();
        RecordEncoder encoder = new RecordEncoder();
        SampleBatch floats = new SampleBatch();
        SampleBatch keptFloats = new SampleBatch();
        HistogramSampleBatch ints = new HistogramSampleBatch();
        FloatHistogramSampleBatch hists = new FloatHistogramSampleBatch();
        FloatHistogramSampleBatch keptHists = new FloatHistogramSampleBatch();
        io.hearth.storage.chunk.FloatHistogram holder = new io.hearth.storage.chunk.FloatHistogram();
        ExemplarBatch exemplars = new ExemplarBatch();
        ExemplarBatch keptExemplars = new ExemplarBatch();
        wal.checkpoint(through, sink -> wal.read(through, record -> {
            // a record type not handled here fails the checkpoint (the log stays as it was) rather
            // than being dropped from it
            RecordType type = RecordType.of(record);
            switch (type) {
                case SERIES -> sink.add(record);
                case FLOAT_SAMPLES, FLOAT_SAMPLES_WITH_STARTS -> {
                    floats.clear();
                    keptFloats.clear();
                    decoder.samples(record, floats);
                    for (int i = 0; i < floats.size(); i++) {
                        if (floats.timestamp(i) >= t) {
                            keptFloats.addBits(floats.ref(i), floats.timestamp(i), floats.start(i), floats.valueBits(i));
                        }
                    }
                    for (int from = 0; from < keptFloats.size(); from += SAMPLES_PER_RECORD) {
                        sink.add(encoder.samples(keptFloats, from, Math.min(keptFloats.size(), from + SAMPLES_PER_RECORD)));
                    }
                }
                case FLOAT_HISTOGRAM_SAMPLES, FLOAT_HISTOGRAM_SAMPLES_WITH_STARTS -> {
                    hists.clear();
                    keptHists.clear();
                    decoder.floatHistogramSamples(record, hists);
                    for (int i = 0; i < hists.size(); i++) {
                        if (hists.timestamp(i) >= t) {
                            keptHists.add(hists.ref(i), hists.timestamp(i), hists.start(i), hists.histogram(i));
                        }
                    }
                    if (keptHists.size() > 0) {
                        sink.add(encoder.floatHistogramSamples(keptHists));
                    }
                }
                case HISTOGRAM_SAMPLES -> {
                    ints.clear();
                    keptHists.clear();
                    decoder.histogramSamples(record, ints);
                    for (int i = 0; i < ints.size(); i++) {
                        if (ints.timestamp(i) >= t) {
                            keptHists.add(ints.ref(i), ints.timestamp(i), Histograms.fromInt(ints.histogram(i), holder));
                        }
                    }
                    if (keptHists.size() > 0) {
                        sink.add(encoder.floatHistogramSamples(keptHists));
                    }
                }
                case EXEMPLARS -> {
                    // as Prometheus's checkpoint does: exemplars older than the cut are not kept
                    // across a restart (the exemplar store is a bounded, in-memory buffer)
                    exemplars.clear();
                    keptExemplars.clear();
                    decoder.exemplars(record, exemplars);
                    for (int i = 0; i < exemplars.size(); i++) {
                        if (exemplars.timestamp(i) >= t) {
                            keptExemplars.add(exemplars.ref(i), exemplars.timestamp(i), exemplars.valueBits(i),
                                    exemplars.hasTimestamp(i), exemplars.labels(i));
                        }
                    }
                    if (keptExemplars.size() > 0) {
                        sink.add(encoder.exemplars(keptExemplars, 0, keptExemplars.size()));
                    }
                }
                default -> throw new IOException("the WAL checkpoint does not know record type " + type);
            }
        }));
    }
}
