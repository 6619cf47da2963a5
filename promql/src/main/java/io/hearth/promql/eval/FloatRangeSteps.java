package io.hearth.promql.eval;

/**
 * {@code rate increase delta changes resets max_over_time min_over_time} (and the {@code ts_of_}
 * forms of the last two) over a series of floats
 * alone, without start timestamps, at every step of a query: the window's ends move forward as
 * indexes, the samples that count (a counter's drops, a gauge's changes) are listed once per
 * series, and the extremes come from a monotonic queue of candidates, so each step costs a
 * constant amount of work (amortised) plus the listed samples inside its window. The arithmetic is the
 * window-at-a-time code's ({@link Functions#extrapolated}): the same counter corrections added in
 * the same order, the same extrapolation, so the results are bit for bit the same.
 *
 * <p>One instance per series loop (it reuses its index buffer); not thread-safe.
 */
final class FloatRangeSteps {

    /** Indexes {@code i >= 1} of the listed samples (drops or changes against sample {@code i - 1}), ascending. */
    private int[] marks = new int[64];
    /** The candidates for a window's extreme, a queue in {@code marks}' place: indexes of non-NaN samples. */
    private int[] queue = new int[64];

    /** Whether {@link #run} evaluates {@code name}. */
    static boolean covers(String name) {
        return switch (name) {
            case "rate", "increase", "delta", "changes", "resets", "max_over_time", "min_over_time", "ts_of_max_over_time",
                "ts_of_min_over_time" -> true;
            default -> false;
        };
    }

    /**
     * Sets {@code o}'s value at each step {@code k} whose window {@code (refs[k] - range, refs[k]]}
     * gives one; the series' first {@code n} samples are {@code t}/{@code v}.
     *
     * @return whether any step got a value
     */
    boolean run(String name, long[] t, double[] v, int n, long[] refs, long range, SeriesData o) {
        return switch (name) {
            case "rate" -> increase(t, v, n, refs, range, true, true, o);
            case "increase" -> increase(t, v, n, refs, range, true, false, o);
            case "delta" -> increase(t, v, n, refs, range, false, false, o);
            case "changes" -> count(t, n, refs, range, changes(v, n), o);
            case "resets" -> count(t, n, refs, range, drops(v, n), o);
            case "max_over_time" -> extreme(t, v, n, refs, range, true, false, o);
            case "min_over_time" -> extreme(t, v, n, refs, range, false, false, o);
            case "ts_of_max_over_time" -> extreme(t, v, n, refs, range, true, true, o);
            case "ts_of_min_over_time" -> extreme(t, v, n, refs, range, false, true, o);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private boolean increase(long[] t, double[] v, int n, long[] refs, long range, boolean counter, boolean rate,
            SeriesData o) {
        int m = counter ? drops(v, n) : 0;
        int[] drop = marks;
        double rangeSeconds = range / 1000.0;
        boolean any = false;
        int lo = 0;
        int hi = 0;
        int from = 0; // the first drop after lo
        int to = 0; // the first drop at or after hi
        for (int k = 0; k < refs.length; k++) {
            long end = refs[k];
            long start = end - range;
            while (hi < n && t[hi] <= end) {
                hi++;
            }
            while (lo < hi && t[lo] <= start) {
                lo++;
            }
            if (hi - lo < 2) {
                continue;
            }
            while (to < m && drop[to] < hi) {
                to++;
            }
            while (from < m && drop[from] <= lo) {
                from++;
            }
            double result = v[hi - 1] - v[lo];
            for (int j = from; j < to; j++) {
                result += v[drop[j] - 1];
            }
            o.set(k, extrapolate(t, v, lo, hi, start, end, result, counter, rate, rangeSeconds));
            any = true;
        }
        return any;
    }

    /** Sets the number of marked samples in each non-empty window (a mark needs its predecessor in the window too). */
    private boolean count(long[] t, int n, long[] refs, long range, int m, SeriesData o) {
        int[] mark = marks;
        boolean any = false;
        int lo = 0;
        int hi = 0;
        int from = 0;
        int to = 0;
        for (int k = 0; k < refs.length; k++) {
            long end = refs[k];
            long start = end - range;
            while (hi < n && t[hi] <= end) {
                hi++;
            }
            while (lo < hi && t[lo] <= start) {
                lo++;
            }
            if (hi == lo) {
                continue;
            }
            while (to < m && mark[to] < hi) {
                to++;
            }
            while (from < m && mark[from] <= lo) {
                from++;
            }
            o.set(k, to - from);
            any = true;
        }
        return any;
    }

    /**
     * The window's first largest (smallest) non-NaN value, or its first value when all are NaN, as
     * the scan from the window's first sample keeps it: a candidate leaves the queue when a later
     * sample beats it strictly, so the queue's head is always the earliest extreme (which matters
     * for -0 and +0). With {@code time}, the time in seconds of the newest sample equal to that
     * extreme (the newest sample when all are NaN): a later equal sample then also evicts.
     */
    private boolean extreme(long[] t, double[] v, int n, long[] refs, long range, boolean max, boolean time,
            SeriesData o) {
        if (queue.length < n) {
            queue = new int[Math.max(n, queue.length * 2)];
        }
        int[] q = queue;
        int head = 0;
        int tail = 0;
        boolean any = false;
        int lo = 0;
        int hi = 0;
        for (int k = 0; k < refs.length; k++) {
            long end = refs[k];
            long start = end - range;
            while (hi < n && t[hi] <= end) {
                double x = v[hi];
                if (!Double.isNaN(x)) {
                    while (tail > head && (time ? (max ? v[q[tail - 1]] <= x : v[q[tail - 1]] >= x)
                            : (max ? v[q[tail - 1]] < x : v[q[tail - 1]] > x))) {
                        tail--;
                    }
                    q[tail++] = hi;
                }
                hi++;
            }
            while (lo < hi && t[lo] <= start) {
                lo++;
            }
            while (head < tail && q[head] < lo) {
                head++;
            }
            if (hi == lo) {
                continue;
            }
            if (time) {
                o.set(k, (head < tail ? t[q[head]] : t[hi - 1]) / 1000.0);
            } else {
                o.set(k, head < tail ? v[q[head]] : v[lo]);
            }
            any = true;
        }
        return any;
    }

    /** Lists the samples below their predecessor (a counter reset); returns how many. */
    private int drops(double[] v, int n) {
        int m = 0;
        for (int i = 1; i < n; i++) {
            if (v[i] < v[i - 1]) {
                m = mark(m, i);
            }
        }
        return m;
    }

    /** Lists the samples that differ from their predecessor (two NaNs do not); returns how many. */
    private int changes(double[] v, int n) {
        int m = 0;
        for (int i = 1; i < n; i++) {
            if (v[i] != v[i - 1] && !(Double.isNaN(v[i]) && Double.isNaN(v[i - 1]))) {
                m = mark(m, i);
            }
        }
        return m;
    }

    private int mark(int m, int i) {
        if (m == marks.length) {
            marks = java.util.Arrays.copyOf(marks, m * 2);
        }
        marks[m] = i;
        return m + 1;
    }

    /**
     * Prometheus' extrapolation of {@code result} (the window's last minus first value, plus counter
     * corrections) from the samples {@code [lo, hi)} (at least two) to the window {@code (start, end]},
     * divided by the window's length in seconds ({@code (end - start) / 1000.0}) for a rate.
     */
    static double extrapolate(long[] t, double[] v, int lo, int hi, long start, long end, double result, boolean counter,
            boolean rate, double rangeSeconds) {
        double durationToStart = (t[lo] - start) / 1000.0;
        double durationToEnd = (end - t[hi - 1]) / 1000.0;
        double sampled = (t[hi - 1] - t[lo]) / 1000.0;
        double avgDur = sampled / (hi - lo - 1);
        double threshold = avgDur * 1.1;
        if (durationToStart >= threshold) {
            durationToStart = avgDur / 2;
        }
        // A counter would reach zero before the window's start; v[lo] >= result > 0 puts that point
        // at least `sampled` back (the rounded quotient is >= 1), never inside durationToStart when
        // that is at most `sampled`, so the division is skipped then.
        if (counter && result > 0 && v[lo] >= 0 && !(v[lo] >= result && durationToStart <= sampled)) {
            double toZero = sampled * (v[lo] / result);
            if (toZero < durationToStart) {
                durationToStart = toZero;
            }
        }
        double extrapolateTo = sampled + durationToStart;
        extrapolateTo += durationToEnd >= threshold ? avgDur / 2 : durationToEnd;
        double factor = extrapolateTo / sampled;
        if (rate) {
            factor /= rangeSeconds;
        }
        return result * factor;
    }
}
