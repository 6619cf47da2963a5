package io.hearth.promql.eval;

import io.hearth.promql.ast.Expr;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The benchmark of issue 5 over the in-memory store: 10,000 series with 1 h of 15 s data. Skipped
 * unless {@code -Dhearth.bench=true}; prints latency and samples evaluated per second (samples read
 * from storage by the query's selectors, counted once per window they fall in).
 */
class EngineBenchmark {
    static final long HOUR = 3_600_000;
    static final long STEP = 15_000;

    @Test
    void benchmark() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("hearth.bench"), "set -Dhearth.bench=true to run");
        MemorySeriesSource store = new MemorySeriesSource();
        java.util.Random rnd = new java.util.Random(42);
        String[] les = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};
        for (int s = 0; s < 10_000; s++) {
            Labels l = Labels.of("__name__", "x", "job", "job" + (s % 10), "instance", "i" + s);
            double v = 0;
            for (long t = 0; t <= HOUR; t += STEP) {
                v += rnd.nextInt(100);
                store.append(l, t, v, 0);
            }
        }
        // 10,000 bucket series: 833 histograms x 12 buckets
        for (int h = 0; h < 10_000 / les.length; h++) {
            double[] cum = new double[les.length];
            for (long t = 0; t <= HOUR; t += STEP) {
                double acc = 0;
                for (int b = 0; b < les.length; b++) {
                    acc += rnd.nextInt(10);
                    cum[b] += acc;
                    store.append(Labels.of("__name__", "h_bucket", "le", les[b], "instance", "i" + h), t, cum[b], 0);
                }
            }
        }
        Engine engine = new Engine(new EngineOptions(300_000, 50_000_000, 60_000, false, true));
        run(engine, store, "sum by (job) (rate(x[5m]))", true, 20 * 10_000L * 241);
        run(engine, store, "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))", true, 20 * 9996L * 241);
        run(engine, store, "topk(10, rate(x[5m]))", true, 20 * 10_000L * 241);
        run(engine, store, "x", false, 10_000);
        run(engine, store, "topk(10, x)", false, 10_000);
        run(engine, store, "rate(x[5m])", false, 10_000);
        run(engine, store, "sum(x{instance=~\"i1.*5\"})", false, 1_000);
    }

    private static void run(Engine engine, MemorySeriesSource store, String q, boolean range, long samples) throws Exception {
        Expr e = Parser.parse(q, ParserOptions.ALL);
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 5; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            if (range) {
                engine.range(store, e, q, 0, HOUR, STEP);
            } else {
                engine.instant(store, e, q, HOUR);
            }
            best = Math.min(best, System.nanoTime() - t0);
            bestCpu = Math.min(bestCpu, mx.getCurrentThreadCpuTime() - c0);
        }
        // CPU time of this thread alone: with -Dhearth.promql.query-threads=1 all of the query's work
        System.out.printf(Locale.ROOT, "%-62s %8.1f ms  %8.1f ms CPU  %,.0f samples/s%n", q, best / 1e6, bestCpu / 1e6,
                samples / (best / 1e9));
    }
}
