package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import io.hearth.promql.storage.SampleIterator;
import io.hearth.promql.storage.Series;
import io.hearth.promql.storage.SeriesSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;

/**
 * An instant vector selector over a range query gives, at each step, the newest sample at or before
 * it within the lookback (none after a staleness marker), through runs of floats, histograms between
 * them and gaps; and it reads each sample of the series at most once (what metering counts).
 */
class InstantSelectorReadTest {
    private static final long STEP = 15_000;
    private static final long LOOKBACK = EngineOptions.DEFAULT.lookbackMillis();

    private record Sample(long t, double v, FloatHistogram h) {}

    @RepeatedTest(20)
    void newestSampleInTheLookbackAtEveryStepEachSampleReadOnce() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        MemorySeriesSource store = new MemorySeriesSource();
        List<List<Sample>> written = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            Labels l = Labels.of("__name__", "m", "i", String.format("i%02d", s)); // in label order
            List<Sample> samples = new ArrayList<>();
            boolean histograms = rnd.nextInt(3) == 0;
            long t = rnd.nextInt(60_000);
            while (t < 3_600_000) {
                if (rnd.nextInt(20) == 0) {
                    histograms = !histograms; // series that switch between floats and histograms
                }
                Sample x;
                if (histograms) {
                    double c = rnd.nextInt(100);
                    x = new Sample(t, 0, new FloatHistogram(0, 0, c, c, c * 2, new int[0], new double[0], new int[0],
                            new double[0], null, FloatHistogram.Hint.GAUGE));
                    store.append(l, t, x.h(), 0);
                } else {
                    double v = rnd.nextInt(30) == 0 ? MemorySeriesSource.STALE_NAN : rnd.nextInt(1000) / 8.0;
                    x = new Sample(t, v, null);
                    store.append(l, t, v, rnd.nextInt(4) == 0 ? t - 1000 : 0);
                }
                samples.add(x);
                // mostly the scrape interval, sometimes a gap longer than the lookback
                t += rnd.nextInt(15) == 0 ? 400_000 + rnd.nextInt(100_000) : 5_000 + rnd.nextInt(20_000);
            }
            written.add(samples);
        }
        AtomicLong read = new AtomicLong();
        long start = 600_000 + rnd.nextInt(60_000);
        long end = 3_000_000 + rnd.nextInt(600_000);
        Result result = new Engine(EngineOptions.DEFAULT).range(counting(store, read), Parser.parse("m", ParserOptions.DEFAULT),
                "m", start, end, STEP);

        List<Result.Series> got = ((Result.Matrix) result.value()).series();
        int g = 0;
        long readable = 0;
        for (int s = 0; s < written.size(); s++) {
            List<Sample> samples = written.get(s);
            List<String> expected = new ArrayList<>();
            for (long t = start; t <= end; t += STEP) {
                Sample newest = null;
                for (Sample x : samples) {
                    if (x.t() <= t) {
                        newest = x;
                    }
                }
                if (newest != null && newest.t() > t - LOOKBACK && (newest.h() != null || !MemorySeriesSource.isStale(newest.v()))) {
                    expected.add(t + "=" + (newest.h() != null ? "h" + newest.h().count : Double.toString(newest.v())));
                }
            }
            // from the lookback before the first step to the first sample after the last step
            long lastStep = start + (end - start) / STEP * STEP;
            boolean after = false;
            for (Sample x : samples) {
                if (x.t() > start - LOOKBACK && (x.t() <= lastStep || !after)) {
                    readable++;
                    after |= x.t() > lastStep;
                }
            }
            if (expected.isEmpty()) {
                continue;
            }
            Result.Series series = got.get(g++);
            assertEquals(String.format("{__name__=\"m\", i=\"i%02d\"}", s), series.labels().toString(), "seed " + seed);
            List<String> points = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                points.add(series.t()[i] + "=" + (series.h()[i] != null ? "h" + series.h()[i].count : Double.toString(series.f()[i])));
            }
            assertEquals(expected, points, "series " + s + ", seed " + seed);
        }
        assertEquals(g, got.size(), "seed " + seed);
        assertEquals(readable, read.get(), "samples read, seed " + seed);
    }

    /** {@code store} counting every sample its iterators move onto. */
    private static SeriesSource counting(MemorySeriesSource store, AtomicLong read) {
        return (matchers, minT, maxT) -> {
            List<Series> out = new ArrayList<>();
            for (Series s : store.select(matchers, minT, maxT)) {
                out.add(new Series() {
                    @Override
                    public Labels labels() {
                        return s.labels();
                    }

                    @Override
                    public SampleIterator iterator(SampleIterator reuse) {
                        SampleIterator inner = s.iterator(null);
                        // nextFloats is left to the default, which moves through next()
                        return new SampleIterator() {
                            @Override
                            public int next() {
                                return count(inner.next());
                            }

                            @Override
                            public int seek(long t) {
                                return count(inner.seek(t));
                            }

                            private int count(int kind) {
                                if (kind != NONE) {
                                    read.incrementAndGet();
                                }
                                return kind;
                            }

                            @Override
                            public long timestamp() {
                                return inner.timestamp();
                            }

                            @Override
                            public double value() {
                                return inner.value();
                            }

                            @Override
                            public FloatHistogram histogram() {
                                return inner.histogram();
                            }

                            @Override
                            public long startTimestamp() {
                                return inner.startTimestamp();
                            }
                        };
                    }
                });
            }
            return out;
        };
    }
}
