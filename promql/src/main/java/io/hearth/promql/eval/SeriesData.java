package io.hearth.promql.eval;

import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;

/**
 * The value of one series of an instant-vector expression at every step of the evaluation:
 * dense per-step arrays, with {@code has[k]} marking a point at step k and {@code h[k] != null} a
 * histogram point. {@code dropName} marks a series whose metric name is removed at the end of the
 * query (delayed name removal).
 */
final class SeriesData {
    Labels labels;
    boolean dropName;
    final double[] f;
    final boolean[] has;
    FloatHistogram[] h;
    /** Sample timestamps of a selector's points, or null. */
    long[] ts;
    /** Start timestamps of a selector's points (0: unknown), or null. */
    long[] st;

    SeriesData(Labels labels, int steps) {
        this.labels = labels;
        this.f = new double[steps];
        this.has = new boolean[steps];
    }

    void set(int k, double v) {
        f[k] = v;
        has[k] = true;
    }

    void setH(int k, FloatHistogram hist) {
        if (h == null) {
            h = new FloatHistogram[f.length];
        }
        h[k] = hist;
        has[k] = true;
    }

    FloatHistogram hist(int k) {
        return h == null ? null : h[k];
    }

    boolean isFloat(int k) {
        return has[k] && (h == null || h[k] == null);
    }

    boolean any() {
        for (boolean b : has) {
            if (b) {
                return true;
            }
        }
        return false;
    }
}
