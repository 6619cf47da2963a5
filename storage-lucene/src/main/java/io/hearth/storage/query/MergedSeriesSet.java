package io.hearth.storage.query;

import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.Series;
import io.hearth.spi.storage.SeriesSet;

/**
 * Merges series sets sorted by labels into one: at each step the smallest labels among the sets'
 * current series, all series with those labels combined into one whose samples are merged by
 * timestamp ({@link MergedSampleIterator}). The number of sets is small (the head and a few
 * blocks), so the smallest is found by a scan.
 */
public final class MergedSeriesSet implements SeriesSet {

    private final SeriesSet[] sets;
    private final Series[] heads;
    private boolean started;
    private Series current;
    private RuntimeException err;

    /** Merges {@code sets}; where several hold a series, the earlier set's samples win ties. */
    public MergedSeriesSet(SeriesSet[] sets) {
        this.sets = sets;
        this.heads = new Series[sets.length];
    }

    @Override
    public boolean next() {
        if (err != null) {
            return false;
        }
        if (!started) {
            started = true;
            for (int i = 0; i < sets.length; i++) {
                if (!advance(i)) {
                    return false;
                }
            }
        }
        Labels min = null;
        int count = 0;
        for (Series s : heads) {
            if (s == null) {
                continue;
            }
            int c = min == null ? -1 : s.labels().compareTo(min);
            if (c < 0) {
                min = s.labels();
                count = 1;
            } else if (c == 0) {
                count++;
            }
        }
        if (min == null) {
            return false;
        }
        Series[] same = new Series[count];
        int k = 0;
        for (int i = 0; i < heads.length; i++) {
            if (heads[i] != null && heads[i].labels().equals(min)) {
                same[k++] = heads[i];
                if (!advance(i)) {
                    return false;
                }
            }
        }
        current = count == 1 ? same[0] : new MergedSeries(min, same);
        return true;
    }

    private boolean advance(int i) {
        if (sets[i].next()) {
            heads[i] = sets[i].at();
            return true;
        }
        heads[i] = null;
        if (sets[i].err() != null) {
            err = sets[i].err();
            return false;
        }
        return true;
    }

    @Override
    public Series at() {
        return current;
    }

    @Override
    public RuntimeException err() {
        return err;
    }

    /** The parts of one series found in several sets. */
    private record MergedSeries(Labels labels, Series[] parts) implements Series {

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            MergedSampleIterator it = reuse instanceof MergedSampleIterator m ? m : new MergedSampleIterator();
            return it.reset(parts);
        }
    }
}
