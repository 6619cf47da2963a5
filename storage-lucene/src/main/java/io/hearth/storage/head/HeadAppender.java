package io.hearth.storage.head;

import io.hearth.spi.storage.AppendResult;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Exemplar;
import io.hearth.spi.storage.ExemplarRejection;
import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Rejection;
import io.hearth.storage.record.FloatHistogramSampleBatch;
import io.hearth.storage.record.RecordEncoder;
import io.hearth.storage.record.SampleBatch;
import io.hearth.storage.record.SeriesBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A write batch of the {@link Head}; see the head's class comment for the commit protocol.
 *
 * <p>{@link #append} checks a sample against the series's committed state only (cheap, lock-free)
 * and buffers it; {@link #commit} checks every buffered sample again, in order, under the commit
 * lock, which also catches samples made out of order by an earlier sample of the same batch or by
 * a concurrent commit. Used by one thread.
 */
public final class HeadAppender implements Appender {

    /** At most ~20 bytes each, so a float-sample record stays near 1 MiB. */
    static final int SAMPLES_PER_RECORD = 50_000;
    /** Histograms are larger; keep their records small too. */
    static final int HISTOGRAMS_PER_RECORD = 2_000;

    private final Head head;
    private final int gcEpoch; // the head's removal count before this appender's first lookup
    private final List<Rejection> rejections = new ArrayList<>(0);
    private long[] rejectionOrder = new long[0]; // sort keys keeping rejections in append order

    private CommitBuffers b; // from the head's pool at the first sample, given back after commit
    private int n;
    private boolean done;
    private HeadExemplars exemplars; // null until the first exemplar

    HeadAppender(Head head) {
        this.head = head;
        this.gcEpoch = head.gcEpoch;
    }

    @Override
    public AppendResult append(Labels labels, long timestamp, double value) {
        return add(labels, timestamp, Double.doubleToRawLongBits(value), null, 0);
    }

    @Override
    public AppendResult append(Labels labels, long timestamp, double value, long startTimestamp) {
        return add(labels, timestamp, Double.doubleToRawLongBits(value), null, startTimestamp);
    }

    @Override
    public AppendResult appendHistogram(Labels labels, long timestamp, FloatHistogram histogram) {
        return appendHistogram(labels, timestamp, histogram, 0);
    }

    @Override
    public AppendResult appendHistogram(Labels labels, long timestamp, FloatHistogram histogram, long startTimestamp) {
        if (histogram == null) {
            throw new IllegalArgumentException("histogram is null");
        }
        return add(labels, timestamp, 0, histogram, startTimestamp);
    }

    @Override
    public AppendResult appendExemplar(Labels labels, Exemplar exemplar) {
        if (done) {
            throw new IllegalStateException("appender already committed or rolled back");
        }
        if (exemplars == null) {
            exemplars = new HeadExemplars(head);
        }
        return exemplars.append(labels, exemplar);
    }

    private AppendResult add(Labels l, long t, long bits, FloatHistogram h, long st) {
        if (done) {
            throw new IllegalStateException("appender already committed or rolled back");
        }
        if (l == null || l.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one label");
        }
        HeadSeries s = head.series(l);
        if (s != null) {
            long newest = s.resMaxT;
            if (t < newest && t < newest - head.options.outOfOrderWindowMillis()) {
                reject(new Rejection(l, t, newest, AppendResult.OUT_OF_ORDER), 2L * n);
                return AppendResult.OUT_OF_ORDER;
            }
        }
        if (b == null) {
            b = head.commitBuffers.take();
        }
        b.ensure(n);
        b.labels[n] = l;
        b.series[n] = s;
        b.ts[n] = t;
        b.bits[n] = bits;
        b.starts[n] = st;
        b.hists[n] = h;
        n++;
        return AppendResult.ACCEPTED;
    }

    @Override
    public void commit() throws IOException {
        if (done) {
            throw new IllegalStateException("appender already committed or rolled back");
        }
        done = true;
        if (n == 0 && (exemplars == null || exemplars.isEmpty())) {
            return;
        }
        if (b == null) { // exemplars only
            b = head.commitBuffers.take();
        }
        CommitBuffers b = this.b;
        this.b = null; // given back below on success only; a rollback after a failed commit must not
        Labels[] labels = b.labels;
        HeadSeries[] series = b.series;
        long[] ts = b.ts;
        long[] bits = b.bits;
        long[] starts = b.starts;
        FloatHistogram[] hists = b.hists;
        boolean[] ooo = b.ooo;
        SeriesBatch created = b.created;
        SampleBatch floats = b.floats;
        io.hearth.storage.chunk.FloatHistogram holder = b.holder;
        long seq;
        long ticket;
        int accepted = 0;
        head.commitLock.lock();
        try {
            seq = head.nextSeq();
            long fence = head.minValidTime; // changes only under the commit lock
            long window = head.options.outOfOrderWindowMillis();
            // series looked up before a removal may be gone: look those up again (rare: once per block cut)
            boolean recheck = head.gcEpoch != gcEpoch;
            try {
                for (int i = 0; i < n; i++) {
                    long t = ts[i];
                    if (t < fence) { // already cut into a block: too old for the head
                        reject(new Rejection(labels[i], t, fence, AppendResult.OUT_OF_ORDER), 2L * i + 1);
                        series[i] = null;
                        continue;
                    }
                    HeadSeries s = series[i];
                    if (s == null || (recheck && head.series(s.ref) != s)) {
                        s = head.getOrCreate(labels[i], created);
                    }
                    AppendResult r = reserve(s, t, bits[i], hists[i], starts[i], seq, window, head.chunkFile);
                    if (r != AppendResult.ACCEPTED) {
                        if (r.rejected()) {
                            reject(new Rejection(labels[i], t, s.resMaxT, r), 2L * i + 1);
                        }
                        series[i] = null; // nothing to apply
                        continue;
                    }
                    series[i] = s;
                    ooo[i] = t < s.resMaxT;
                    accepted++;
                    if (hists[i] == null) {
                        floats.addBits(s.ref, t, starts[i], bits[i]);
                    } else {
                        b.histograms().add(s.ref, t, starts[i], Histograms.toChunk(hists[i], holder));
                    }
                }
                java.util.List<ByteBuffer> records = b.records;
                if (created.size() > 0) {
                    records.add(b.encoder().series(created));
                }
                // split large batches so no record approaches the WAL's record limit
                for (int from = 0; from < floats.size(); from += SAMPLES_PER_RECORD) {
                    records.add(b.encoder().samples(floats, from,
                            Math.min(floats.size(), from + SAMPLES_PER_RECORD)));
                }
                if (b.hasHistograms()) {
                    FloatHistogramSampleBatch histBatch = b.histograms();
                    for (int from = 0; from < histBatch.size(); from += HISTOGRAMS_PER_RECORD) {
                        records.add(b.encoder().floatHistogramSamples(histBatch, from,
                                Math.min(histBatch.size(), from + HISTOGRAMS_PER_RECORD)));
                    }
                }
                if (exemplars != null) {
                    exemplars.reserve(records);
                }
                ticket = head.wal.submit(records.toArray(new ByteBuffer[0]));
            } catch (IOException | RuntimeException | Error e) {
                // samples reserved so far stay reserved but are never written: like a failed WAL
                // write, this leaves the head to be reopened
                abandon(seq, b);
                throw e;
            }
        } finally {
            head.commitLock.unlock();
        }
        try {
            head.wal.awaitDurable(ticket);
        } catch (IOException | RuntimeException e) {
            abandon(seq, b);
            throw e;
        }
        head.awaitTurn(seq);
        long stored = 0;
        long chunks = 0;
        try {
            for (int i = 0; i < n; i++) {
                HeadSeries s = series[i];
                if (s == null) {
                    continue;
                }
                if (hists[i] == null) {
                    chunks += head.applyFloat(s, ts[i], starts[i], bits[i]);
                } else {
                    chunks += head.applyHistogram(s, ts[i], starts[i], hists[i], holder);
                }
                stored++;
            }
            head.samplesAppended.add(accepted);
            if (exemplars != null) {
                exemplars.apply();
            }
        } finally {
            head.countStored(stored, chunks);
            head.finishTurn(seq);
        }
        // durable and applied: the WAL no longer reads the encoders' buffers (on failure above
        // the buffers are not given back, as the failed WAL may still hold them)
        head.commitBuffers.give(b, n);
    }

    private void reject(Rejection r, long order) {
        int k = rejections.size();
        if (k == rejectionOrder.length) {
            rejectionOrder = Arrays.copyOf(rejectionOrder, Math.max(4, k * 2));
        }
        // rejections arrive in order except that commit-time ones follow all append-time ones
        int at = k;
        while (at > 0 && rejectionOrder[at - 1] > order) {
            at--;
        }
        System.arraycopy(rejectionOrder, at, rejectionOrder, at + 1, k - at);
        rejectionOrder[at] = order;
        rejections.add(at, r);
    }

    /** Gives up commit {@code seq}: its out-of-order samples never become visible. */
    private void abandon(long seq, CommitBuffers b) {
        for (int i = 0; i < n; i++) {
            if (b.series[i] != null && b.ooo[i] && b.series[i].ooo != null) {
                Head.dropOutOfOrder(b.series[i], b.ts[i], seq);
            }
        }
        Thread t = Thread.currentThread();
        boolean interrupted = Thread.interrupted();
        head.awaitTurn(seq);
        head.finishTurn(seq);
        if (interrupted) {
            t.interrupt();
        }
    }

    /**
     * Checks a sample against the series's reservation and, if accepted, reserves it: an in-order
     * sample moves the reservation forward, an out-of-order one is put in the series's
     * out-of-order map, invisible until commit {@code seq} is applied. Caller holds the commit lock.
     */
    static AppendResult reserve(HeadSeries s, long t, long b, FloatHistogram h, long st, long seq, long window,
            HeadChunkFile chunkFile) {
        long newest = s.resMaxT;
        if (t > newest) {
            s.reserveMaxT(t);
            s.resLastBits = b;
            s.resLastHist = h;
            return AppendResult.ACCEPTED;
        }
        if (t == newest) {
            return sameValue(s.resLastBits, s.resLastHist, b, h)
                    ? AppendResult.DUPLICATE : AppendResult.DUPLICATE_DIFFERENT_VALUE;
        }
        if (t < newest - window) {
            return AppendResult.OUT_OF_ORDER;
        }
        synchronized (s) {
            HeadSeries.OooSample existing = s.ooo == null ? null : s.ooo.get(t);
            if (existing != null) {
                return sameValue(existing.bits(), existing.hist(), b, h)
                        ? AppendResult.DUPLICATE : AppendResult.DUPLICATE_DIFFERENT_VALUE;
            }
            HeadSampleIterator it = new HeadSampleIterator().reset(s.snapshot(t, t, Long.MAX_VALUE, chunkFile), t, t);
            switch (it.next()) {
                case FLOAT -> {
                    return sameValue(it.valueBits(), null, b, h)
                            ? AppendResult.DUPLICATE : AppendResult.DUPLICATE_DIFFERENT_VALUE;
                }
                case HISTOGRAM -> {
                    return sameValue(0, it.histogram(), b, h)
                            ? AppendResult.DUPLICATE : AppendResult.DUPLICATE_DIFFERENT_VALUE;
                }
                default -> {
                }
            }
            Head.putOutOfOrder(s, t, b, h, st, seq);
        }
        return AppendResult.ACCEPTED;
    }

    /**
     * The replay's form of {@link #reserve}: no window (the log holds only what was accepted) and
     * out-of-order samples visible at once.
     *
     * @return whether to apply the sample
     */
    static boolean reserveForReplay(HeadSeries s, long t, long b, FloatHistogram h, long st) {
        if (t > s.resMaxT) {
            s.reserveMaxT(t);
            s.resLastBits = b;
            s.resLastHist = h;
            return true;
        }
        if (t == s.resMaxT) {
            return false;
        }
        Head.putOutOfOrder(s, t, b, h, st, 0);
        return true;
    }

    private static boolean sameValue(long bitsA, FloatHistogram histA, long bitsB, FloatHistogram histB) {
        if (histA == null && histB == null) {
            return bitsA == bitsB;
        }
        return histA != null && histB != null && histA.sameValue(histB);
    }

    @Override
    public void rollback() {
        done = true;
        if (b != null) {
            head.commitBuffers.give(b, n);
            b = null;
        }
        n = 0;
    }

    @Override
    public List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    @Override
    public List<ExemplarRejection> exemplarRejections() {
        return exemplars == null ? List.of() : exemplars.rejections();
    }
}
