package io.hearth.storage.query;

import io.hearth.spi.storage.FloatHistogram;
import io.hearth.spi.storage.FloatSampleBuffer;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.Series;
import io.hearth.spi.storage.ValueType;
import java.util.Arrays;

/**
 * Merges the sample iterators of one series's parts (head and blocks, or blocks being compacted)
 * by timestamp. A timestamp held by several parts is returned once, from the earliest part that
 * holds it; the others skip it. Reusable, and reuses its parts' iterators; allocates nothing per
 * sample.
 */
public final class MergedSampleIterator implements SampleIterator {

    private SampleIterator[] its = new SampleIterator[0];
    private ValueType[] cur = new ValueType[0];
    private long[] t = new long[0];
    private int n;
    private boolean started;
    private int sel = -1;
    /** The smallest timestamp among the other parts' current samples, so the selected part can run on alone below it. */
    private long second = Long.MAX_VALUE;
    private RuntimeException err;

    /** Resets over the samples of {@code parts}. */
    public MergedSampleIterator reset(Series[] parts) {
        n = parts.length;
        if (its.length < n) {
            its = Arrays.copyOf(its, n);
            cur = new ValueType[n];
            t = new long[n];
        }
        for (int i = 0; i < n; i++) {
            its[i] = parts[i].iterator(its[i]);
            cur[i] = ValueType.NONE;
        }
        started = false;
        sel = -1;
        err = null;
        return this;
    }

    @Override
    public ValueType next() {
        if (err != null) {
            return ValueType.NONE;
        }
        if (!started) {
            started = true;
            for (int i = 0; i < n; i++) {
                step(i, its[i].next());
            }
        } else if (sel >= 0) {
            long last = t[sel];
            if (second > last) {
                // no other part holds this timestamp: only the selected part moves, and while it stays
                // below every other part's current sample it remains the one (parts rarely overlap)
                step(sel, its[sel].next());
                if (err == null && cur[sel] != ValueType.NONE && t[sel] < second) {
                    return cur[sel];
                }
                return pick();
            }
            for (int i = 0; i < n; i++) {
                if (cur[i] != ValueType.NONE && t[i] == last) {
                    step(i, its[i].next());
                }
            }
        }
        return pick();
    }

    @Override
    public ValueType seek(long target) {
        if (err != null) {
            return ValueType.NONE;
        }
        if (started && sel >= 0 && t[sel] >= target) {
            return cur[sel];
        }
        if (started && sel < 0) {
            return ValueType.NONE;
        }
        for (int i = 0; i < n; i++) {
            if (!started || (cur[i] != ValueType.NONE && t[i] < target)) {
                step(i, its[i].seek(target));
            }
        }
        started = true;
        return pick();
    }

    /**
     * The batch read: while the selected part's samples lie below every other part's current one
     * (the parts do not overlap there), that part copies its run itself, through its own batch
     * read; where parts meet, {@link #next()} steps as always, so duplicates are dropped by the same
     * rule. Head after blocks thus costs one hand-over per part.
     */
    @Override
    public ValueType nextFloats(long maxT, FloatSampleBuffer into) {
        ValueType type = started && sel >= 0 ? runSelected(maxT, into) : next();
        while (type == ValueType.FLOAT && t[sel] <= maxT) {
            into.add(t[sel], its[sel].value(), its[sel].startTimestamp());
            type = runSelected(maxT, into);
        }
        return type;
    }

    /** Moves past the current sample: the selected part's own batch read when it runs alone, else {@link #next()}. */
    private ValueType runSelected(long maxT, FloatSampleBuffer into) {
        if (err != null || second <= t[sel]) {
            return next();
        }
        step(sel, its[sel].nextFloats(Math.min(maxT, second - 1), into));
        return pick();
    }

    private void step(int i, ValueType type) {
        cur[i] = type;
        if (type != ValueType.NONE) {
            t[i] = its[i].timestamp();
        } else if (its[i].err() != null && err == null) {
            err = its[i].err();
        }
    }

    private ValueType pick() {
        sel = -1;
        second = Long.MAX_VALUE;
        if (err != null) {
            return ValueType.NONE;
        }
        for (int i = 0; i < n; i++) {
            if (cur[i] != ValueType.NONE && (sel < 0 || t[i] < t[sel])) {
                sel = i;
            }
        }
        for (int i = 0; i < n; i++) {
            if (i != sel && cur[i] != ValueType.NONE && t[i] < second) {
                second = t[i];
            }
        }
        return sel < 0 ? ValueType.NONE : cur[sel];
    }

    @Override
    public long timestamp() {
        return t[sel];
    }

    @Override
    public double value() {
        return its[sel].value();
    }

    @Override
    public FloatHistogram histogram() {
        return its[sel].histogram();
    }

    @Override
    public long startTimestamp() {
        return its[sel].startTimestamp();
    }

    @Override
    public RuntimeException err() {
        return err;
    }
}
