package io.hearth.storage.block;

import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.Series;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A read view of one {@link Block} over a time range; pins the block until closed. Selecting asks
 * the block's index for the matching series (already in label order) and, as the set reaches
 * each, decodes its entry and skips it if none of its samples falls in the range. Label names and
 * values are decided by the block's time range, as Prometheus does.
 */
public final class BlockQuerier implements Querier {

    private final Block block;
    private final long minT;
    private final long maxT;
    private boolean closed;

    /** A querier over a block the caller has {@linkplain Block#acquire() acquired}; closing releases it. */
    public BlockQuerier(Block block, long minT, long maxT) {
        this.block = block;
        this.minT = minT;
        this.maxT = maxT;
    }

    @Override
    public SeriesSet select(long selectMinT, long selectMaxT, List<LabelMatcher> matchers) {
        long lo = Math.max(minT, selectMinT);
        long hi = Math.min(maxT, selectMaxT);
        if (lo > hi || !block.meta().overlaps(lo, hi)) {
            return SeriesSet.empty();
        }
        int[] found = block.index().select(matchers);
        java.util.function.IntFunction<SeriesEntry> entries = block.entries();
        return new SeriesSet() {
            private int i = -1;
            private final BlockSampleIterator probe = new BlockSampleIterator();
            private SeriesEntry entry;
            private RuntimeException err;

            @Override
            public boolean next() {
                while (++i < found.length) {
                    try {
                        entry = entries.apply(found[i]);
                    } catch (RuntimeException e) {
                        err = new IllegalStateException(block + ": series entry " + found[i] + " is unreadable", e);
                        return false;
                    }
                    if (hasSampleAtEdge(entry, lo, hi)
                            || probe.reset(block, entry, lo, hi).next() != ValueType.NONE || probe.err() != null) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public Series at() {
                return new BlockSeries(block, entry, lo, hi);
            }

            @Override
            public RuntimeException err() {
                return err;
            }
        };
    }

    /**
     * Whether a chunk's first or last sample (both real samples) falls in {@code [lo, hi]}, which
     * settles that the series has a sample there without reading a chunk; only a series whose
     * chunks all straddle or miss the range needs the probe.
     */
    private static boolean hasSampleAtEdge(SeriesEntry e, long lo, long hi) {
        for (int i = 0; i < e.chunks(); i++) {
            long a = e.minT()[i];
            long b = e.maxT()[i];
            if ((a >= lo && a <= hi) || (b >= lo && b <= hi)) {
                return true;
            }
        }
        return false;
    }

    /** One selected series of the block. */
    private record BlockSeries(Block block, SeriesEntry entry, long lo, long hi) implements Series {

        @Override
        public Labels labels() {
            return entry.labels();
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            BlockSampleIterator it = reuse instanceof BlockSampleIterator b ? b : new BlockSampleIterator();
            return it.reset(block, entry, lo, hi);
        }
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers) {
        if (!block.meta().overlaps(minT, maxT)) {
            return List.of();
        }
        if (matchers.isEmpty()) {
            return block.index().allNames();
        }
        TreeSet<String> names = new TreeSet<>();
        java.util.function.IntFunction<SeriesEntry> entries = block.entries();
        for (int pos : block.index().select(matchers)) {
            Labels l = entries.apply(pos).labels();
            for (int i = 0; i < l.size(); i++) {
                names.add(l.name(i));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers) {
        if (!block.meta().overlaps(minT, maxT)) {
            return List.of();
        }
        if (matchers.isEmpty()) {
            return block.index().allValues(name);
        }
        TreeSet<String> values = new TreeSet<>();
        java.util.function.IntFunction<SeriesEntry> entries = block.entries();
        for (int pos : block.index().select(matchers)) {
            String v = entries.apply(pos).labels().get(name);
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        return new ArrayList<>(values);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            block.release();
        }
    }
}
