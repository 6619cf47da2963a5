package io.hearth.storage.engine;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.WorkspaceStorage;
import io.hearth.storage.head.HeadOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage figures of issue 3, in process: a {@link LuceneStorageEngine} workspace in a temp
 * directory, N node_exporter-like series created through the spi {@link Appender}, then appends to
 * those existing series in remote_write-sized commits (2,000 samples each, durable: every commit
 * waits for its WAL force) from several threads. Prints new series/s, samples/s and heap bytes per
 * active series (used heap after {@code System.gc()}, minus the empty workspace's, divided by N).
 * Skipped unless {@code -Dhearth.bench=true}; asserts only that nothing was refused.
 *
 * <p>{@code -Dhearth.bench.series=50000}, {@code -Dhearth.bench.threads=2},
 * {@code -Dhearth.bench.rounds=120} (samples appended per series, one full chunk; 360 holds two cut chunks
 * and a full open one per series, as {@code dev/bench-storage} does), and
 * {@code -Dhearth.bench.repeats=3} (append phases; the best is the figure).
 */
class AppendBenchmark {

    private static final int BATCH = 2_000;
    private static final long STEP = 15_000;
    private static final long T0 = 1_700_000_000_000L;

    @Test
    void benchmark(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("hearth.bench"), "set -Dhearth.bench=true to run");
        int n = Integer.getInteger("hearth.bench.series", 50_000);
        int threads = Integer.getInteger("hearth.bench.threads", 2);
        int rounds = Integer.getInteger("hearth.bench.rounds", 120);
        int repeats = Integer.getInteger("hearth.bench.repeats", 3);
        Labels[] series = nodeExporterLike(n);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        try (LuceneStorageEngine engine = new LuceneStorageEngine(HeadOptions.defaults());
                WorkspaceStorage ws = engine.open("ws-bench", dir.resolve("ws"), StorageOptions.defaults())) {
            long empty = usedHeap(memory);

            // the series are created from their own copy of the label strings, which only the head
            // keeps (as after decoding a request), so their cost is in the figure; appends then use
            // equal labels built apart, so lookups compare strings as a decoded request's would
            Labels[] creating = nodeExporterLike(n);
            long start = System.nanoTime();
            long round = run(ws, creating, threads, 0, 1);
            creating = null;
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "new series: %,d in %.2f s, %,.0f series/s (%d threads)%n", n, s, n / s,
                    threads);
            long created = usedHeap(memory);
            System.out.printf(Locale.ROOT, "heap per series, one sample each: %,d B%n", (created - empty) / n);

            double best = 0;
            double bestPerCpu = 0;
            for (int r = 0; r < repeats; r++) {
                int per = Math.max(1, (rounds - 1) / repeats);
                start = System.nanoTime();
                long cpu0 = processCpuNanos();
                long from = round;
                round = run(ws, series, threads, from, per);
                s = (System.nanoTime() - start) / 1e9;
                double cpu = (processCpuNanos() - cpu0) / 1e9;
                double rate = (double) n * per / s;
                best = Math.max(best, rate);
                bestPerCpu = Math.max(bestPerCpu, n * per / cpu);
                System.out.printf(Locale.ROOT, "append to existing series: %,d samples in %.2f s, %,.0f samples/s, "
                        + "%,.0f samples per CPU second (whole process, GC included)%n", (long) n * per, s, rate,
                        n * per / cpu);
            }
            System.out.printf(Locale.ROOT, "BEST %,.0f samples per CPU second%n", bestPerCpu);
            long full = usedHeap(memory);
            System.out.printf(Locale.ROOT, "BEST append %,.0f samples/s; heap per active series with %d samples: %,d B "
                            + "(%d series, %d threads, %d samples per commit, compact object headers %s)%n",
                    best, round, (full - empty) / n, n, threads, BATCH, compactObjectHeaders());
            if (Boolean.getBoolean("hearth.bench.histogram")) {
                classHistogram();
            }
            if (ws.stats().samplesAppended() != (long) n * round) {
                throw new AssertionError("refusals: " + ws.stats().samplesAppended() + " of " + (long) n * round);
            }
        }
    }

    /**
     * Appends {@code rounds} scrapes of every series, starting at scrape {@code from}; thread
     * {@code w} owns the commits {@code w, w + threads, ...} of each round, as remote_write shards.
     *
     * @return the next round
     */
    private static long run(WorkspaceStorage ws, Labels[] series, int threads, long from, int rounds) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            int worker = w;
            workers[w] = new Thread(() -> {
                try {
                    for (long r = from; r < from + rounds; r++) {
                        long t = T0 + r * STEP;
                        for (int lo = worker * BATCH; lo < series.length; lo += threads * BATCH) {
                            Appender app = ws.appender();
                            int hi = Math.min(lo + BATCH, series.length);
                            for (int i = lo; i < hi; i++) {
                                app.append(series[i], t + (i * 7 + r * 13) % 5, value(i, r));
                            }
                            app.commit();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("append failed", failure.get());
        }
        return from + rounds;
    }

    /**
     * A node_exporter-like mix: constants (info metrics, sizes), integer counters (bytes, packets),
     * gauges that hold their value for a few scrapes (memory), and float counters (CPU seconds).
     */
    private static double value(int i, long r) {
        long h = (i * 0x9E3779B97F4A7C15L + r * 0xBF58476D1CE4E5B9L) >>> 40;
        return switch (i % 4) {
            case 0 -> 1e9 + i;
            case 1 -> (double) (r * (i % 17 + 1) * 64 + (h & 7));
            case 2 -> 4096.0 * ((i * 31L + (r / 4) * 17) % 100_000);
            default -> (r * (i % 7 + 1) + (h & 3)) / 100.0;
        };
    }

    /**
     * Hosts of 100 series each: a metric name, instance, job, and cpu or device labels; every
     * string is a new object, as a request decoder makes them.
     */
    private static Labels[] nodeExporterLike(int n) {
        String[] names = {"node_cpu_seconds_total", "node_memory_MemFree_bytes", "node_disk_read_bytes_total",
            "node_network_receive_bytes_total", "node_filesystem_avail_bytes"};
        String[] modes = {"user", "system", "idle", "iowait", "irq", "softirq", "steal", "nice", "guest", "guest_nice"};
        Labels[] out = new Labels[n];
        for (int i = 0; i < n; i++) {
            int host = i / 100;
            int k = i % 100;
            String name = names[k % names.length];
            String instance = "host-" + host + ".example.internal:9100";
            out[i] = switch (k % names.length) {
                case 0 -> fresh("__name__", name, "instance", instance, "job", "node", "cpu",
                        Integer.toString(k / 10), "mode", modes[k % 10]);
                case 2 -> fresh("__name__", name, "instance", instance, "job", "node", "device", "nvme0n" + k);
                case 3 -> fresh("__name__", name, "instance", instance, "job", "node", "device", "eth" + k);
                case 4 -> fresh("__name__", name, "instance", instance, "job", "node", "device", "/dev/sda" + k,
                        "fstype", "ext4", "mountpoint", "/mnt/d" + k);
                default -> fresh("__name__", name + "_" + k, "instance", instance, "job", "node");
            };
        }
        return out;
    }

    private static Labels fresh(String... pairs) {
        String[] copies = new String[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            copies[i] = new String(pairs[i].toCharArray());
        }
        return Labels.of(copies);
    }

    /** Prints the top of this JVM's live-object histogram (the {@code GC.class_histogram} command). */
    private static void classHistogram() throws Exception {
        Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        out.toString().lines().limit(40).forEach(System.out::println);
    }

    /**
     * Whether this JVM runs with compact object headers, as {@code bin/hearth} does on JDK 25 and
     * later (pass {@code -Dhearth.jvm.flags=... -XX:+UseCompactObjectHeaders} to match it): some
     * 25 bytes of heap per series apart.
     */
    private static String compactObjectHeaders() {
        try {
            return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseCompactObjectHeaders").getValue();
        } catch (IllegalArgumentException e) { // a JDK without the option
            return "false";
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeap(MemoryMXBean memory) throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
