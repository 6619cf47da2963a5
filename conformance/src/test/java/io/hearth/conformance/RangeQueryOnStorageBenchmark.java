package io.hearth.conformance;

import io.hearth.promql.engine.StorageSeriesSource;
import io.hearth.promql.eval.Engine;
import io.hearth.promql.eval.EngineOptions;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.StorageEngine;
import io.hearth.spi.storage.StorageEngineFactory;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.WorkspaceStorage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range queries of issue 6 evaluated in process through the real storage engine and the promql
 * bridge (no HTTP): {@code -Dhearth.bench.series=2000} counters with 6 h of 15 s samples, the first
 * {@code -Dhearth.bench.flushed-hours=4} of them cut into blocks and the rest in the head, then
 * dashboard queries over the 6 h at a 15 s step; one memory gauge pair per 8 counters (a host) for
 * the instant-selector query. Prints median wall and thread CPU time (CPU time
 * is the steadier figure on a shared machine; the process' CPU time includes the partitions read on other
 * threads). {@code -Dhearth.bench.only=text} runs only the queries containing that text;
 * {@code -Dhearth.bench.flushed-hours=0} keeps all data in the head; {@code -Dhearth.bench.each=true}
 * also prints every run, warm-ups included, which shows the JIT catching up: the steady state is
 * reached only after about 50 runs of a query, so a few repeats measure compilation as much as the
 * query. It also times the selection alone ({@code -Dhearth.bench.only=select} for that alone), the
 * serial phase before a range query's partitions. Skipped unless {@code -Dhearth.bench=true}.
 */
class RangeQueryOnStorageBenchmark {

    private static final long STEP = 15_000;
    /** Prints every run's wall time too, warm-ups included: how long the JIT takes to catch up. */
    private static final boolean EACH = Boolean.getBoolean("hearth.bench.each");

    @Test
    void benchmark(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("hearth.bench"), "set -Dhearth.bench=true to run");
        int series = Integer.getInteger("hearth.bench.series", 2000);
        int flushedHours = Integer.getInteger("hearth.bench.flushed-hours", 4);
        int repeats = Integer.getInteger("hearth.bench.repeats", 15);
        StorageEngineFactory factory = null;
        for (HearthPlugin plugin : ServiceLoader.load(HearthPlugin.class)) {
            for (StorageEngineFactory f : plugin.storageEngineFactories()) {
                if (f.name().equals("lucene")) {
                    factory = f;
                }
            }
        }
        long end = System.currentTimeMillis() / STEP * STEP;
        long start = end - 6 * 3_600_000L;
        try (StorageEngine engine = factory.create(new PluginContext(dir, "us-east-1", "123456789012", Map.of(),
                IdentityDirectory.EMPTY));
                WorkspaceStorage storage = engine.open("bench", dir.resolve("ws"), StorageOptions.defaults())) {
            Labels[] labels = new Labels[series];
            for (int s = 0; s < series; s++) {
                labels[s] = Labels.of("__name__", "node_cpu_seconds_total", "job", "job" + (s % 4),
                        "instance", "host-" + (s / 8) + ":9100", "mode", "m" + (s % 8));
            }
            // one memory gauge pair per host, as node_exporter exports them
            int hosts = Math.max(1, series / 8);
            Labels[] available = new Labels[hosts];
            Labels[] total = new Labels[hosts];
            for (int h = 0; h < hosts; h++) {
                available[h] = Labels.of("__name__", "node_memory_MemAvailable_bytes", "job", "node",
                        "instance", "host-" + h + ":9100");
                total[h] = Labels.of("__name__", "node_memory_MemTotal_bytes", "job", "node",
                        "instance", "host-" + h + ":9100");
            }
            java.util.Random rnd = new java.util.Random(1);
            double[] v = new double[series];
            for (long t = start; t <= end; t += STEP) {
                Appender a = storage.appender();
                for (int s = 0; s < series; s++) {
                    v[s] += rnd.nextInt(1000) / 100.0;
                    a.append(labels[s], t, v[s]);
                }
                for (int h = 0; h < hosts; h++) {
                    a.append(available[h], t, 4e9 + rnd.nextInt(1_000_000) * 1024.0);
                    a.append(total[h], t, 16e9);
                }
                a.commit();
                if (t == start + flushedHours * 3_600_000L) {
                    storage.flush();
                }
            }
            Engine promql = new Engine(EngineOptions.DEFAULT);
            select(storage, "node_cpu_seconds_total", start - 300_000 + 1, end, repeats);
            run(promql, storage, "sum by (job) (rate(node_cpu_seconds_total[5m]))", start, end, repeats);
            run(promql, storage, "topk(10, rate(node_cpu_seconds_total[5m]))", start, end, repeats);
            run(promql, storage, "max_over_time(node_cpu_seconds_total[5m])", start, end, repeats);
            run(promql, storage, "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes", start, end, repeats);
        }
    }

    /**
     * The selection alone, as a range query over {@code metric} makes it on its own thread before
     * its partitions read the series: postings, sorting, and each series' snapshot of its chunks.
     */
    private static void select(WorkspaceStorage storage, String metric, long minT, long maxT, int repeats) {
        if (!"select".contains(System.getProperty("hearth.bench.only", ""))) {
            return;
        }
        var matchers = java.util.List.of(new io.hearth.promql.ast.LabelMatcher(io.hearth.promql.ast.LabelMatcher.Type.EQUAL,
                "__name__", metric));
        long[] wall = new long[repeats * 4];
        int selected = 0;
        for (int k = -12; k < wall.length; k++) {
            long t0 = System.nanoTime();
            try (StorageSeriesSource source = new StorageSeriesSource(storage, 600_000)) {
                selected = source.select(matchers, minT, maxT).size();
            }
            if (k >= 0) {
                wall[k] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "%-55s median %7.3f ms wall, best %7.3f (%d series)%n", "select " + metric,
                wall[wall.length / 2] / 1e6, wall[0] / 1e6, selected);
    }

    private static void run(Engine promql, WorkspaceStorage storage, String q, long start, long end, int repeats)
            throws Exception {
        if (!q.contains(System.getProperty("hearth.bench.only", ""))) {
            return;
        }
        var expr = Parser.parse(q, ParserOptions.DEFAULT);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // the whole process' CPU time counts the partitions a range query reads on other threads too
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] wall = new long[repeats];
        long[] cpu = new long[repeats];
        long[] all = new long[repeats];
        for (int k = -3; k < repeats; k++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long p0 = process.getProcessCpuTime();
            long t0 = System.nanoTime();
            try (StorageSeriesSource source = new StorageSeriesSource(storage, 600_000)) {
                promql.range(source, expr, q, start, end, STEP);
            }
            if (EACH) {
                System.out.printf(Locale.ROOT, "  run %3d: %7.1f ms wall%n", k + 4, (System.nanoTime() - t0) / 1e6);
            }
            if (k >= 0) {
                wall[k] = System.nanoTime() - t0;
                cpu[k] = threads.getCurrentThreadCpuTime() - c0;
                all[k] = process.getProcessCpuTime() - p0;
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "%-55s median %7.1f ms wall, %7.1f ms cpu (query thread), %7.1f ms cpu (process)%n",
                q, wall[repeats / 2] / 1e6, cpu[repeats / 2] / 1e6, all[repeats / 2] / 1e6);
    }
}
