package io.hearth.kernel.query;

import io.hearth.spi.query.QueryResult;
import io.hearth.spi.query.QueryValue;
import io.hearth.spi.storage.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Writing the JSON of range query answers shaped like the dashboard benchmark's (issue 6): 6 h at
 * a 15 s step, raw counters with two decimals (the regex selector's 416 series), full-precision
 * rates and ratios (aggregations' few series). Skipped unless {@code -Dhearth.bench=true}; prints
 * the best time (and CPU time of the writing thread) per answer and per point.
 */
class QueryAnswerBenchmark {

    private static final long START = 1_764_000_000_000L;
    private static final long STEP = 15_000;
    private static final int POINTS = 1_441;

    /** Counts the bytes and drops them, as a socket that is never the bottleneck. */
    private static final class Sink extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Test
    void benchmark() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("hearth.bench"), "set -Dhearth.bench=true to run");
        SplittableRandom random = new SplittableRandom(1);
        run("raw counters, 416 series (cents)", matrix(416, random, r -> Math.round(r.nextDouble() * 1e9) / 100.0));
        run("rates, 40 series (full precision)", matrix(40, random, r -> r.nextDouble() * 1e4 / 3));
        run("ratios, 100 series (0..1)", matrix(100, random, r -> r.nextDouble()));
        run("ratios, 19 series (a host panel)", matrix(19, random, r -> r.nextDouble()));
        run("gauges, 100 series (integral bytes)", matrix(100, random, r -> (double) r.nextLong(1L << 40)));
    }

    private interface Values {
        double next(SplittableRandom random);
    }

    private static QueryResult matrix(int seriesCount, SplittableRandom random, Values values) {
        List<QueryValue.RangeSeries> series = new ArrayList<>();
        for (int s = 0; s < seriesCount; s++) {
            long[] ts = new long[POINTS];
            double[] vs = new double[POINTS];
            for (int i = 0; i < POINTS; i++) {
                ts[i] = START + i * STEP;
                vs[i] = values.next(random);
            }
            series.add(new QueryValue.RangeSeries(Labels.of("__name__", "node_cpu_seconds_total", "cpu", Integer.toString(s % 8),
                    "instance", "host-1" + s / 8, "job", "node", "mode", "user"), ts, vs, null));
        }
        return new QueryResult(new QueryValue.Matrix(series), List.of(), List.of(), 0, 0, 0);
    }

    private static void run(String name, QueryResult result) throws IOException {
        int points = ((QueryValue.Matrix) result.value()).series().size() * POINTS;
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        long bytes = 0;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 60; i++) {
            Sink sink = new Sink();
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            JsonBytes g = new JsonBytes(sink);
            g.raw('{');
            QueryValueWriter.write(g, result);
            g.raw('}');
            g.finish();
            best = Math.min(best, System.nanoTime() - t0);
            bestCpu = Math.min(bestCpu, mx.getCurrentThreadCpuTime() - c0);
            bytes = sink.bytes;
        }
        System.out.printf(Locale.ROOT, "%-40s %8.2f ms  %8.2f ms CPU  %6.1f ns/point  %,d bytes%n", name, best / 1e6, bestCpu / 1e6,
                (double) best / points, bytes);
    }
}
