package io.hearth.storage.query;

import io.hearth.spi.storage.ExemplarSeries;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One querier over several (the head's and each block's): selects from each and merges the
 * sorted results ({@link MergedSeriesSet}); label names and values are the sorted union. Closing
 * closes every part. Used as the spi says: one thread at a time.
 */
public final class MergedQuerier implements Querier {

    private final List<Querier> parts;
    private final Runnable onClose;
    private boolean closed;

    /** Merges {@code parts}; on equal timestamps the earlier part's sample is the one returned. */
    public MergedQuerier(List<Querier> parts) {
        this(parts, () -> { });
    }

    /** Like {@link #MergedQuerier(List)}, running {@code onClose} once after the parts are closed. */
    public MergedQuerier(List<Querier> parts, Runnable onClose) {
        this.parts = List.copyOf(parts);
        this.onClose = onClose;
    }

    @Override
    public SeriesSet select(long minT, long maxT, List<LabelMatcher> matchers) {
        if (parts.size() == 1) {
            return parts.get(0).select(minT, maxT, matchers);
        }
        SeriesSet[] sets = new SeriesSet[parts.size()];
        for (int i = 0; i < sets.length; i++) {
            sets[i] = parts.get(i).select(minT, maxT, matchers);
        }
        return new MergedSeriesSet(sets);
    }

    /** Exemplars live in the head only today; the parts' answers are joined in series order. */
    @Override
    public List<ExemplarSeries> selectExemplars(long minT, long maxT, List<List<LabelMatcher>> selectors) {
        List<ExemplarSeries> all = new ArrayList<>();
        int answering = 0;
        for (Querier q : parts) {
            List<ExemplarSeries> found = q.selectExemplars(minT, maxT, selectors);
            if (!found.isEmpty()) {
                answering++;
                all.addAll(found);
            }
        }
        if (answering > 1) {
            all.sort(java.util.Comparator.comparing(ExemplarSeries::series));
        }
        return all;
    }

    @Override
    public List<String> labelNames(List<LabelMatcher> matchers) {
        TreeSet<String> all = new TreeSet<>();
        for (Querier q : parts) {
            all.addAll(q.labelNames(matchers));
        }
        return new ArrayList<>(all);
    }

    @Override
    public List<String> labelValues(String name, List<LabelMatcher> matchers) {
        TreeSet<String> all = new TreeSet<>();
        for (Querier q : parts) {
            all.addAll(q.labelValues(name, matchers));
        }
        return new ArrayList<>(all);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (Querier q : parts) {
            try {
                q.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        onClose.run();
        if (first != null) {
            throw first;
        }
    }
}
