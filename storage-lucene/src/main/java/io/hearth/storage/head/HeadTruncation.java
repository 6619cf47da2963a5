package io.hearth.storage.head;

import io.hearth.storage.record.ExemplarBatch;
import io.hearth.storage.record.FloatHistogramSampleBatch;
import io.hearth.storage.record.HistogramSampleBatch;
import io.hearth.storage.record.RecordDecoder;
import io.hearth.storage.record.RecordEncoder;
import io.hearth.storage.record.RecordType;
import io.hearth.storage.record.SampleBatch;
import io.hearth.storage.record.SeriesBatch;
import io.hearth.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.util.Arrays;

/**
 * What the block layer does to a {@link Head} once a time range is safely in a block, kept apart
 * from the append path. The order is: {@link #fence} (no sample older than the block's end is
 * accepted from now on, and every commit that might hold one has been applied), then the block
 * is written from a head querier, then {@link #dropBefore} frees the chunks it holds,
 * {@link #removeEmptySeries} removes the series left without samples, and {@link #checkpointWal}
 * rewrites the log so replay no longer needs the block's samples nor the removed series.
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
            long lo = s == null ? Long.MAX_VALUE : s.minT;
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
            HeadSeries s = head.series(ref);
            if (s == null) {
                continue;
            }
            long[] dropped = s.truncateBefore(t, head.chunkFile);
            chunks += dropped[0];
            samples += dropped[1];
        }
        head.chunkFile.deleteBefore(t); // no series holds a chunk ending before t any more
        head.headChunks.add(-chunks);
        head.headSamples.add(-samples);
        return samples;
    }

    /**
     * Removes the series that hold no sample (all of theirs are in blocks, after {@link #dropBefore})
     * and no exemplar, as Prometheus's head does after each compaction: from the series table, the
     * refs, the postings and the exemplar state; the next {@link #checkpointWal} leaves out their
     * series records. A series appended to again is created anew, with a new ref.
     *
     * <p>Candidates are found without the commit lock; the removal then takes it and first waits
     * until every commit that reserved samples has applied them (appends pause for about one WAL
     * force), so a series with samples on their way is seen to have them and stays. Commits that
     * looked a removed series up before see the head's removal count changed and look it up again
     * under the lock. Queries that selected a removed series read nothing from it (its samples are
     * in blocks, which they read too).
     *
     * @return the number of series removed
     */
    public static int removeEmptySeries(Head head) throws IOException {
        int n = head.seriesCount();
        int[] candidates = new int[64];
        int k = 0;
        for (int ref = 0; ref < n; ref++) {
            HeadSeries s = head.series(ref);
            if (s != null && s.minT == Long.MAX_VALUE && !head.exemplars.has(ref)) {
                if (k == candidates.length) {
                    candidates = Arrays.copyOf(candidates, k * 2);
                }
                candidates[k++] = ref;
            }
        }
        if (k == 0) {
            return 0;
        }
        int removed = 0;
        head.commitLock.lock();
        try {
            head.awaitApplied(head.lastSeq()); // no new commit can reserve while the lock is held
            for (int i = 0; i < k; i++) {
                HeadSeries s = head.series(candidates[i]);
                if (s != null && isEmpty(s) && !head.exemplars.has(s.ref)) {
                    head.removeSeries(s);
                    candidates[removed++] = s.ref;
                }
            }
            if (removed > 0) {
                head.gcEpoch++; // after the removals: an appender reading the new count sees them
            }
        } finally {
            head.commitLock.unlock();
        }
        head.postings.remove(Arrays.copyOf(candidates, removed));
        return removed;
    }

    private static boolean isEmpty(HeadSeries s) {
        synchronized (s) {
            return s.minT == Long.MAX_VALUE && (s.ooo == null || s.ooo.isEmpty()) && s.chunkCount() == 0;
        }
    }

    /**
     * Cuts the log's active segment and replaces everything before it by a checkpoint holding
     * the series records of the series in the head and their samples and exemplars at or after
     * {@code t}; call after {@link #fence} with the same {@code t} and after the block below
     * {@code t} is durable. A series created after this call begins is in a later segment or in
     * the head, so in the checkpoint either way.
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
        SeriesBatch series = new SeriesBatch();
        SeriesBatch keptSeries = new SeriesBatch();
        wal.checkpoint(through, sink -> wal.read(through, record -> {
            // a record type not handled here fails the checkpoint (the log stays as it was) rather
            // than being dropped from it
            RecordType type = RecordType.of(record);
            switch (type) {
                case SERIES -> {
                    // removed series (refs are never reused) have nothing left to replay
                    series.clear();
                    keptSeries.clear();
                    decoder.series(record, series);
                    for (int i = 0; i < series.size(); i++) {
                        if (head.seriesOrNull(series.ref(i)) != null) {
                            keptSeries.add(series.ref(i), series.labels(i));
                        }
                    }
                    if (keptSeries.size() == series.size()) {
                        sink.add(record);
                    } else if (keptSeries.size() > 0) {
                        sink.add(encoder.series(keptSeries));
                    }
                }
                case FLOAT_SAMPLES, FLOAT_SAMPLES_WITH_STARTS -> {
                    floats.clear();
                    keptFloats.clear();
                    decoder.samples(record, floats);
                    for (int i = 0; i < floats.size(); i++) {
                        if (floats.timestamp(i) >= t && head.seriesOrNull(floats.ref(i)) != null) {
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
                        if (hists.timestamp(i) >= t && head.seriesOrNull(hists.ref(i)) != null) {
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
                        if (ints.timestamp(i) >= t && head.seriesOrNull(ints.ref(i)) != null) {
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
                        if (exemplars.timestamp(i) >= t && head.seriesOrNull(exemplars.ref(i)) != null) {
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
