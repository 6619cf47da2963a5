package io.hearth.storage.head;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.FloatSampleBuffer;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Head select cost of issue 6, in process: a head of {@code metrics x instances} series with
 * {@code hours} of 15 s samples, then selects of one metric over a dashboard's ranges (the whole
 * head, its last hour, its last five minutes), each read to its last sample as the engine reads
 * a range, and selects that only count series (what a select costs before its samples are read).
 * Prints the median time and the bytes allocated per select. Skipped unless
 * {@code -Dhearth.bench=true}; {@code -Dhearth.bench.instances=100}, {@code -Dhearth.bench.metrics=100},
 * {@code -Dhearth.bench.hours=3}, {@code -Dhearth.bench.repeats=200},
 * {@code -Dhearth.bench.select-only=true} (skips the reading selects, for a profile of selecting),
 * {@code -Dhearth.bench.batch=true} (reads with the batch read {@code nextFloats} into a reused
 * buffer, as the query engine's range functions do, instead of a {@code next()} per sample).
 */
class HeadQueryBenchmark {

    private static final long STEP = 15_000;
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void benchmark(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("hearth.bench"), "set -Dhearth.bench=true to run");
        int instances = Integer.getInteger("hearth.bench.instances", 100);
        int metrics = Integer.getInteger("hearth.bench.metrics", 100);
        int hours = Integer.getInteger("hearth.bench.hours", 3);
        int repeats = Integer.getInteger("hearth.bench.repeats", 200);
        boolean batch = Boolean.getBoolean("hearth.bench.batch");
        long end = T0 + hours * 3_600_000L;
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            Labels[] series = new Labels[instances * metrics];
            for (int m = 0; m < metrics; m++) {
                for (int i = 0; i < instances; i++) {
                    series[m * instances + i] = Labels.of("__name__", "node_metric_" + m, "job", "node",
                            "instance", "host-" + (i * 7919 % instances) + ":9100", "mode", (i & 1) == 0 ? "user" : "idle");
                }
            }
            for (long t = T0; t < end; t += STEP) {
                Appender a = head.appender();
                for (int s = 0; s < series.length; s++) {
                    a.append(series[s], t, (double) (t - T0) / 1000 + s);
                }
                a.commit();
            }
            System.out.printf(Locale.ROOT, "head: %,d series, %,d samples each%n", series.length,
                    (end - T0) / STEP);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[][] ranges = {{T0, end}, {end - 3_600_000L, end}, {end - 300_000L, end}};
            String[] names = {"whole head", "last hour", "last 5 min"};
            boolean[] modes = Boolean.getBoolean("hearth.bench.select-only") ? new boolean[] {false} : new boolean[] {true, false};
            for (boolean read : modes) {
                for (int r = 0; r < ranges.length; r++) {
                    long[] nanos = new long[repeats];
                    long bytes = 0;
                    long samples = 0;
                    for (int k = -repeats / 4; k < repeats; k++) { // the first quarter warms up
                        List<LabelMatcher> sel = List.of(LabelMatcher.equal("__name__", "node_metric_" + Math.floorMod(k, metrics)));
                        long b0 = threads.getCurrentThreadAllocatedBytes();
                        long t0 = System.nanoTime();
                        long got = select(head, ranges[r][0], ranges[r][1], sel, read, batch);
                        long t1 = System.nanoTime();
                        long b1 = threads.getCurrentThreadAllocatedBytes();
                        if (k >= 0) {
                            nanos[k] = t1 - t0;
                            bytes += b1 - b0;
                            samples += got;
                        }
                    }
                    Arrays.sort(nanos);
                    System.out.printf(Locale.ROOT, "%-11s %-10s median %8.1f us, p90 %8.1f us, %,9d B/select, %,d %s/select%n",
                            read ? "select+read" : "select", names[r], nanos[repeats / 2] / 1e3, nanos[repeats * 9 / 10] / 1e3,
                            bytes / repeats, samples / repeats, read ? "samples" : "series");
                }
            }
        }
    }

    private static final FloatSampleBuffer FLOATS = new FloatSampleBuffer(1024);

    private static long select(Head head, long lo, long hi, List<LabelMatcher> sel, boolean read, boolean batch) {
        long n = 0;
        try (Querier q = head.querier(lo, hi)) {
            SeriesSet set = q.select(lo, hi, sel);
            SampleIterator it = null;
            while (set.next()) {
                if (!read) {
                    n++;
                    continue;
                }
                it = set.at().iterator(it);
                if (batch) {
                    FLOATS.clear();
                    while (it.nextFloats(hi, FLOATS) != ValueType.NONE) {
                        n++; // a histogram or a sample past hi
                    }
                    n += FLOATS.size();
                    continue;
                }
                while (it.next() != ValueType.NONE) {
                    n++;
                }
            }
        }
        return n;
    }
}
