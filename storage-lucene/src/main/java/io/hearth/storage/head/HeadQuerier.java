package io.hearth.storage.head;

import io.hearth.spi.storage.ExemplarSeries;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.Series;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * A read view of the {@link Head} over a time range. Selecting asks the postings for the refs that
 * match, keeps the series whose time range overlaps, and sorts them by labels; as the set reaches
 * a series it snapshots its chunks (copying the open one) and skips it if no sample falls in the
 * range, which chunk bounds decide without decoding unless a chunk straddles the whole range.
 * Holds nothing that needs releasing.
 */
public final class HeadQuerier implements Querier {

    // what chunk bounds say of a series having a sample in a range
    private static final int NO = 0;
    private static final int YES = 1;
    private static final int UNDECIDED = 2;

    private final Head head;
    private final long minT;
    private final long maxT;

    HeadQuerier(Head head, long minT, long maxT) {
        this.head = head;
        this.minT = minT;
        this.maxT = maxT;
    }

    @Override
    public SeriesSet select(long selectMinT, long selectMaxT, List<LabelMatcher> matchers) {
        long lo = Math.max(minT, selectMinT);
        long hi = Math.min(maxT, selectMaxT);
        if (lo > hi) {
            return SeriesSet.empty();
        }
        HeadSeries[] found = matching(matchers, lo, hi);
        Arrays.sort(found, Comparator.comparing((HeadSeries s) -> s.labels));
        long visibleSeq = head.appliedSeq();
        return new SeriesSet() {
            private int i = -1;
            private final HeadSampleIterator probe = new HeadSampleIterator();
            private HeadSeries.SeriesSnapshot snap;

            @Override
            public boolean next() {
                // a series whose range overlaps may still have no sample inside it: skip those,
                // deciding from chunk bounds and decoding only a chunk that straddles the range
                while (++i < found.length) {
                    snap = found[i].snapshot(lo, hi, visibleSeq, head.chunkFile);
                    int has = hasSampleByBounds(snap, lo, hi);
                    if (has == YES) {
                        return true;
                    }
                    if (has == NO) {
                        continue;
                    }
                    if (probe.reset(snap, lo, hi).next() != ValueType.NONE) {
                        return true;
                    }
                    if (probe.err() != null) {
                        return true; // let the caller's iterator report it
                    }
                }
                return false;
            }

            @Override
            public Series at() {
                return new HeadSeriesView(found[i].labels, snap, lo, hi);
            }

            @Override
            public RuntimeException err() {
                return null;
            }
        };
    }

    /**
     * Whether {@code snap} holds a sample in {@code [lo, hi]}, from bounds alone where they tell:
     * a chunk's minT and maxT are the timestamps of its first and last samples, so one of them
     * inside the range means yes; the snapshot's out-of-order samples are already limited to the
     * range and to visible commits, so any of them means yes. Only a chunk that begins before the
     * range and ends after it may or may not have a sample inside: then it is {@code UNDECIDED}.
     */
    private static int hasSampleByBounds(HeadSeries.SeriesSnapshot snap, long lo, long hi) {
        if (snap.oooT().length > 0) {
            return YES;
        }
        int answer = NO;
        for (HeadSeries.SnapshotChunk c : snap.chunks()) {
            long cMin = c.minT();
            long cMax = c.maxT();
            if ((cMin >= lo && cMin <= hi) || (cMax >= lo && cMax <= hi)) {
                return YES;
            }
            if (cMin < lo && cMax > hi) {
                answer = UNDECIDED;
            }
        }
        return answer;
    }

    private HeadSeries[] matching(List<LabelMatcher> matchers, long lo, long hi) {
        int[] refs = head.postings.select(matchers);
        HeadSeries[] out = new HeadSeries[refs.length];
        int n = 0;
        for (int ref : refs) {
            HeadSeries s = head.series(ref);
            if (s != null && s.maxT >= lo && s.minT <= hi) { // null: removed after the postings matched it
                out[n++] = s;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** One selected series over the snapshot of its samples taken when the set reached it. */
    private record HeadSeriesView(Labels labels, HeadSeries.SeriesSnapshot snap, long lo, long hi) implements Series {

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            HeadSampleIterator it = reuse instanceof HeadSampleIterator h ? h : new HeadSampleIterator();
            return it.reset(snap, lo, hi);
        }
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers) {
        TreeSet<String> names = new TreeSet<>();
        for (HeadSeries s : matching(matchers, minT, maxT)) {
            for (int i = 0; i < s.labels.size(); i++) {
                names.add(s.labels.name(i));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers) {
        if (matchers.isEmpty() && minT == Long.MIN_VALUE && maxT == Long.MAX_VALUE) {
            return head.postings.allValues(name);
        }
        TreeSet<String> values = new TreeSet<>();
        for (HeadSeries s : matching(matchers, minT, maxT)) {
            String v = s.labels.get(name);
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        return new ArrayList<>(values);
    }

    @Override
    public List<ExemplarSeries> selectExemplars(long selectMinT, long selectMaxT, List<List<LabelMatcher>> selectors) {
        return HeadExemplars.select(head, Math.max(minT, selectMinT), Math.min(maxT, selectMaxT), selectors);
    }

    @Override
    public void close() {
    }
}
