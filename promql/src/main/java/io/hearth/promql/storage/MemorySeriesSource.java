package io.hearth.promql.storage;

import io.hearth.promql.ast.LabelMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An in-memory {@link SeriesSource} for the conformance runner and tests. Samples are appended in
 * time order per series; a sample not newer than the series' newest one is ignored, like a TSDB
 * without out-of-order ingestion. Histogram counter-reset hints are stored as a TSDB would read
 * them back (gauge stays gauge; the first histogram of a run reads as unknown, later ones of the
 * same run as not_reset).
 */
public final class MemorySeriesSource implements SeriesSource {
    /** The bit pattern Prometheus uses for a staleness marker. */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

    public static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
    }

    private final TreeMap<Labels, Mem> series = new TreeMap<>();

    /** Appends a float sample (possibly {@link #STALE_NAN}). */
    public void append(Labels l, long t, double v, long st) {
        series.computeIfAbsent(l, Mem::new).add(t, v, null, st);
    }

    /** Appends a histogram sample. */
    public void append(Labels l, long t, FloatHistogram h, long st) {
        series.computeIfAbsent(l, Mem::new).add(t, 0, h, st);
    }

    public void clear() {
        series.clear();
    }

    @Override
    public List<Series> select(List<LabelMatcher> matchers, long minT, long maxT) {
        Pattern[] patterns = new Pattern[matchers.size()];
        for (int i = 0; i < patterns.length; i++) {
            LabelMatcher m = matchers.get(i);
            if (m.type() == LabelMatcher.Type.REGEX || m.type() == LabelMatcher.Type.NOT_REGEX) {
                patterns[i] = m.pattern();
            }
        }
        List<Series> out = new ArrayList<>();
        outer:
        for (Map.Entry<Labels, Mem> e : series.entrySet()) {
            for (int i = 0; i < patterns.length; i++) {
                LabelMatcher m = matchers.get(i);
                String v = e.getKey().get(m.name());
                boolean ok = switch (m.type()) {
                    case EQUAL -> m.value().equals(v);
                    case NOT_EQUAL -> !m.value().equals(v);
                    case REGEX -> patterns[i].matcher(v).matches();
                    case NOT_REGEX -> !patterns[i].matcher(v).matches();
                };
                if (!ok) {
                    continue outer;
                }
            }
            out.add(e.getValue());
        }
        return out;
    }

    private static final class Mem implements Series {
        final Labels labels;
        long[] ts = new long[8];
        double[] vs = new double[8];
        FloatHistogram[] hs = new FloatHistogram[8];
        long[] sts = new long[8];
        int n;

        Mem(Labels l) {
            this.labels = l;
        }

        void add(long t, double v, FloatHistogram h, long st) {
            if (n > 0 && t <= ts[n - 1]) {
                return;
            }
            if (n == ts.length) {
                int c = n * 2;
                ts = Arrays.copyOf(ts, c);
                vs = Arrays.copyOf(vs, c);
                hs = Arrays.copyOf(hs, c);
                sts = Arrays.copyOf(sts, c);
            }
            if (h != null && h.hint != FloatHistogram.Hint.GAUGE) {
                FloatHistogram prev = n > 0 ? hs[n - 1] : null;
                boolean sameRun = prev != null && prev.hint != FloatHistogram.Hint.GAUGE
                        && h.hint != FloatHistogram.Hint.RESET && prev.schema == h.schema
                        && prev.zeroThreshold == h.zeroThreshold
                        && Arrays.equals(prev.customValues, h.customValues)
                        && !FloatHistogram.detectReset(prev, h.withHint(FloatHistogram.Hint.UNKNOWN));
                h = h.withHint(sameRun ? FloatHistogram.Hint.NOT_RESET : FloatHistogram.Hint.UNKNOWN);
            }
            ts[n] = t;
            vs[n] = v;
            hs[n] = h;
            sts[n] = st;
            n++;
        }

        @Override
        public Labels labels() {
            return labels;
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            if (reuse instanceof It it) {
                it.reset(this);
                return it;
            }
            It it = new It();
            it.reset(this);
            return it;
        }
    }

    private static final class It implements SampleIterator {
        Mem m;
        int i;

        void reset(Mem mem) {
            m = mem;
            i = -1;
        }

        private int kind() {
            if (i >= m.n) {
                return NONE;
            }
            return m.hs[i] != null ? HISTOGRAM : FLOAT;
        }

        @Override
        public int next() {
            if (i < m.n) {
                i++;
            }
            return kind();
        }

        @Override
        public int seek(long t) {
            if (i < 0) {
                i = 0;
            }
            if (i < m.n && m.ts[i] >= t) {
                return kind();
            }
            int lo = i;
            int hi = m.n;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (m.ts[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            i = lo;
            return kind();
        }

        @Override
        public long timestamp() {
            return m.ts[i];
        }

        @Override
        public double value() {
            return m.vs[i];
        }

        @Override
        public FloatHistogram histogram() {
            return m.hs[i];
        }

        @Override
        public long startTimestamp() {
            return m.sts[i];
        }

        /** The batch read straight from the series' arrays. */
        @Override
        public int nextFloats(long maxT, io.hearth.spi.storage.FloatSampleBuffer into) {
            while (true) {
                int kind = next();
                if (kind != FLOAT || m.ts[i] > maxT) {
                    return kind;
                }
                into.add(m.ts[i], m.vs[i], m.sts[i]);
            }
        }
    }
}
