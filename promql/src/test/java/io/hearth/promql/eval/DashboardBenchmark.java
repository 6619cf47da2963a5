package io.hearth.promql.eval;

import io.hearth.promql.ast.Expr;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard queries of {@code dev/bench-query} (issue 6) over the in-memory store, so that the
 * evaluator's own cost shows without storage decoding or JSON: 19 node_exporter-like hosts (4 or 8
 * CPUs, memory, five filesystems, three network devices, two disks, a classic latency histogram
 * of four handlers), 6 h of 15 s samples with a per-host phase and a few milliseconds of jitter,
 * {@code query_range} over the 6 h at a 15 s step. Prints the median wall and query-thread CPU
 * time of {@code -Dhearth.bench.repeats} runs (15) after three warm-ups; {@code -Dhearth.bench.only=text}
 * runs only the queries containing that text, {@code -Dhearth.bench.queries=q1;q2} runs those instead. Skipped unless {@code -Dhearth.bench=true}.
 */
class DashboardBenchmark {
    private static final long STEP = 15_000;
    private static final long RANGE = 6 * 3_600_000L;
    private static final String[] MODES = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
    private static final double[] TICKS = {1200, 6, 0.6, 0.8, 4, 0.2, 45, 140};
    private static final String[] JOBS = {"node-web", "node-db", "node-cache", "node-batch"};
    private static final String[] LES = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};

    static final String[] QUERIES = {
        "sum by (job) (rate(node_cpu_seconds_total[5m]))",
        "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
        "topk(10, rate(node_network_receive_bytes_total[5m]))",
        "node_cpu_seconds_total{instance=~\"host-1.*\"}",
        "100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m])))",
        "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes",
        "max by (instance) (1 - node_filesystem_avail_bytes{fstype!=\"tmpfs\"} / node_filesystem_size_bytes{fstype!=\"tmpfs\"})",
        "sum by (instance) (rate(node_disk_read_bytes_total[5m]) + rate(node_disk_written_bytes_total[5m]))",
    };

    @Test
    void benchmark() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("hearth.bench"), "set -Dhearth.bench=true to run");
        MemorySeriesSource store = load(19, new SplittableRandom(1));
        Engine engine = new Engine(EngineOptions.DEFAULT);
        int repeats = Integer.getInteger("hearth.bench.repeats", 15);
        double sum = 0;
        String extra = System.getProperty("hearth.bench.queries");
        for (String q : extra == null ? QUERIES : extra.split(";")) {
            if (q.contains(System.getProperty("hearth.bench.only", ""))) {
                sum += run(engine, store, q, repeats);
            }
        }
        System.out.printf(Locale.ROOT, "%-70s %8.1f ms wall%n", "sum of medians", sum);
    }

    /** The hosts' series, each with its own counters and gauges. */
    static MemorySeriesSource load(int hosts, SplittableRandom rnd) {
        MemorySeriesSource store = new MemorySeriesSource();
        for (int h = 0; h < hosts; h++) {
            String instance = "host-" + h + ":9100";
            String job = JOBS[h % JOBS.length];
            long phase = 1_000 + rnd.nextInt(13_000);
            List<Labels> labels = new ArrayList<>();
            List<double[]> shape = new ArrayList<>(); // {kind 0 counter 1 gauge 2 constant, per-scrape, scale}
            int cpus = h % 3 == 0 ? 8 : 4;
            for (int c = 0; c < cpus; c++) {
                for (int m = 0; m < MODES.length; m++) {
                    labels.add(Labels.of("__name__", "node_cpu_seconds_total", "job", job, "instance", instance,
                            "cpu", Integer.toString(c), "mode", MODES[m]));
                    shape.add(new double[] {0, TICKS[m], 0.01});
                }
            }
            labels.add(Labels.of("__name__", "node_memory_MemTotal_bytes", "job", job, "instance", instance));
            shape.add(new double[] {2, 16e9, 1});
            labels.add(Labels.of("__name__", "node_memory_MemAvailable_bytes", "job", job, "instance", instance));
            shape.add(new double[] {1, 4e9, 1024});
            String[][] fs = {{"/dev/sda1", "ext4", "/"}, {"/dev/sda2", "ext4", "/boot"}, {"/dev/nvme0n1p1", "xfs", "/var"},
                {"tmpfs", "tmpfs", "/run"}, {"/dev/sdb1", "ext4", "/home"}};
            for (String[] f : fs) {
                labels.add(Labels.of("__name__", "node_filesystem_avail_bytes", "job", job, "instance", instance,
                        "device", f[0], "fstype", f[1], "mountpoint", f[2]));
                shape.add(new double[] {1, 4e10, 4096});
                labels.add(Labels.of("__name__", "node_filesystem_size_bytes", "job", job, "instance", instance,
                        "device", f[0], "fstype", f[1], "mountpoint", f[2]));
                shape.add(new double[] {2, 1e11, 1});
            }
            for (String dev : new String[] {"lo", "eth0", "docker0"}) {
                for (String dir : new String[] {"receive", "transmit"}) {
                    labels.add(Labels.of("__name__", "node_network_" + dir + "_bytes_total", "job", job,
                            "instance", instance, "device", dev));
                    shape.add(new double[] {0, 1e6, 1});
                }
            }
            for (String dev : new String[] {"sda", "nvme0n1"}) {
                for (String name : new String[] {"node_disk_read_bytes_total", "node_disk_written_bytes_total"}) {
                    labels.add(Labels.of("__name__", name, "job", job, "instance", instance, "device", dev));
                    shape.add(new double[] {0, 4000, 512});
                }
            }
            for (String handler : new String[] {"/api/orders", "/api/users", "/healthz", "/metrics"}) {
                for (int b = 0; b < LES.length; b++) {
                    labels.add(Labels.of("__name__", "http_request_duration_seconds_bucket", "job", job,
                            "instance", instance, "handler", handler, "le", LES[b]));
                    shape.add(new double[] {3, 100, b});
                }
            }
            double[] v = new double[labels.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = shape.get(i)[0] == 2 ? shape.get(i)[1] : rnd.nextInt(1000) * (shape.get(i)[0] == 3 ? 1 : shape.get(i)[2]);
            }
            for (long t = 0; t <= RANGE; t += STEP) {
                double bucket = 0;
                for (int i = 0; i < v.length; i++) {
                    double[] s = shape.get(i);
                    if (s[0] == 0) {
                        v[i] += Math.round(s[1] * (0.5 + rnd.nextDouble())) * s[2];
                    } else if (s[0] == 1) {
                        v[i] = Math.max(0, v[i] + (rnd.nextInt(61) - 30) * s[2]);
                    } else if (s[0] == 3) {
                        // cumulative buckets: each at least its predecessor's count
                        bucket = s[2] == 0 ? 0 : bucket;
                        bucket += rnd.nextInt(10);
                        v[i] += bucket;
                    }
                    store.append(labels.get(i), t + phase + rnd.nextInt(6), v[i], 0);
                }
            }
        }
        return store;
    }

    private static double run(Engine engine, MemorySeriesSource store, String q, int repeats) throws Exception {
        Expr e = Parser.parse(q, ParserOptions.DEFAULT);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] wall = new long[repeats];
        long[] cpu = new long[repeats];
        for (int i = -3; i < repeats; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            engine.range(store, e, q, STEP, RANGE, STEP);
            if (i >= 0) {
                wall[i] = System.nanoTime() - t0;
                cpu[i] = mx.getCurrentThreadCpuTime() - c0;
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-70.70s %8.1f ms wall %8.1f ms CPU%n", q, wall[repeats / 2] / 1e6,
                cpu[repeats / 2] / 1e6);
        return wall[repeats / 2] / 1e6;
    }
}
