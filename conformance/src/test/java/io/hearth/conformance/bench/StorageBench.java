package io.hearth.conformance.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The storage benchmark of issue 3, side by side: a node_exporter-like dataset ({@link NodeHost})
 * for N hosts over a simulated span, encoded once ({@link EncodedLoad}) and remote-written in
 * timestamp order, 2,000 samples per request, to Hearth, VictoriaMetrics and Prometheus, one
 * system after the other so they do not compete for the CPU. Per system it reports the rate of
 * new series (the first scrape round, every series new), the append rate into existing series
 * (every later round), bytes on disk per sample once the system has persisted the data, heap and
 * resident memory per active series, and the latency of selecting 1 and about 10,000 series over
 * the last hour.
 *
 * <p>Run with {@code dev/bench-storage [--hosts=100] [--hours=3] ...}. A bench, not a test: figures
 * on a shared machine vary from run to run.
 */
public final class StorageBench {

    private static final String USAGE = "dev/bench-storage [--hosts=40] [--hours=1.5] [--senders=4] [--repeats=10] [--budget-seconds=30]"
            + " [--select-series=10000] [--systems=hearth,victoriametrics,prometheus] [--seed=1] [--keep=false]"
            + " [--selects-after-persist=false] [--align=now|straddle|inside]";
    /** Hearth's and Prometheus's default block range: blocks are aligned to multiples of it since the epoch. */
    private static final long BLOCK_RANGE_MILLIS = 2 * 3_600_000L;

    private StorageBench() {
    }

    /** What one system measured. */
    private record Row(String system, double seriesPerSecond, double samplesPerSecond, double samplesPerCpuSecond,
            Latencies requests, Receiver.Measure heapBefore, Receiver.Measure heapAfter, long rssBefore, long rssAfter,
            List<Receiver.Measure> disk, TimedRuns selectOne, TimedRuns selectMany) {
        ApiClient.Answer oneAnswer() {
            return selectOne.last();
        }

        ApiClient.Answer manyAnswer() {
            return selectMany.last();
        }
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, Set.of("hosts", "hours", "senders", "repeats", "budget-seconds", "select-series", "systems",
                "seed", "keep", "selects-after-persist", "align"), USAGE);
        int hosts = a.integer("hosts", 40);
        double hours = a.decimal("hours", 1.5);
        int senders = a.integer("senders", 4);
        int repeats = a.integer("repeats", 10);
        long budgetNanos = a.integer("budget-seconds", 30) * 1_000_000_000L;
        int selectSeries = a.integer("select-series", 10_000);
        List<String> systems = List.of(a.text("systems", String.join(",", Receiver.ALL)).split(","));
        long seed = a.integer("seed", 1);
        ScratchDirectory scratch = ScratchDirectory.create("storage-bench", a.flag("keep"));
        Path work = scratch.path();
        int rounds = (int) Math.round(hours * 3_600_000 / NodeHost.INTERVAL_MILLIS);
        long start = start(a.text("align", "now"), rounds * NodeHost.INTERVAL_MILLIS, System.currentTimeMillis());
        try {
            long t0 = System.nanoTime();
            EncodedLoad load = EncodedLoad.encode(work.resolve("requests"), hosts, seed, start, rounds, senders, 2_000);
            System.out.printf("dataset: %d node_exporter-like hosts, %,d series, %d rounds 15 s apart (%.1f h from %s), %,d samples;"
                    + " %,d requests of <= 2,000 samples from %d senders, %.1f MB snappy (encoded in %.1f s)%n", hosts,
                    load.series(), rounds, hours, java.time.Instant.ofEpochMilli(start), load.samples(), load.requests(),
                    senders, load.bytes() / 1e6,
                    (System.nanoTime() - t0) / 1e9);
            long at = load.lastTimestamp() + 1;
            String one = "node_memory_MemAvailable_bytes{instance=\"host-0:9100\"}[1h]";
            int selectedHosts = 0;
            long selected = 0;
            while (selectedHosts < load.hosts() && selected < selectSeries) {
                selected += load.seriesOfHost(selectedHosts++);
            }
            String many = "{instance=~\"host-(" + String.join("|", Stream.iterate(0, i -> i + 1).limit(selectedHosts)
                    .map(String::valueOf).toList()) + "):9100\"}[1h]";
            System.out.printf("selects: instant queries of a range selector over the last hour: 1 series (%s) and %,d series"
                    + " (%d hosts), 1 warm-up + %d runs each (fewer, but at least 3, once a select has taken %d s)%n%n", one,
                    selected, selectedHosts, repeats, budgetNanos / 1_000_000_000L);

            boolean selectsAfterPersist = a.flag("selects-after-persist");
            List<Row> rows = new ArrayList<>();
            for (String system : systems) {
                rows.add(run(system, work.resolve(system), load, senders, at, one, many, repeats, budgetNanos,
                        selectsAfterPersist));
            }
            print(rows, load);
        } finally {
            scratch.close();
        }
    }

    /**
     * The dataset's first scrape round. {@code now}: the data ends a minute before the current time,
     * so where it falls against the 2 h block boundaries depends on the clock; {@code straddle}: it
     * ends at the latest time that puts a block boundary in its middle (every series then has a chunk
     * and an index entry in two blocks); {@code inside}: it starts at the latest block boundary
     * that leaves it wholly inside one block. Both end in the past, so runs are comparable whenever
     * they start.
     */
    static long start(String align, long spanMillis, long nowMillis) {
        long end = nowMillis - 60_000;
        long start = switch (align) {
            case "now" -> end - spanMillis;
            case "straddle" -> Math.floorDiv(end - spanMillis / 2, BLOCK_RANGE_MILLIS) * BLOCK_RANGE_MILLIS - spanMillis / 2;
            case "inside" -> Math.floorDiv(end - spanMillis, BLOCK_RANGE_MILLIS) * BLOCK_RANGE_MILLIS;
            default -> throw new IllegalArgumentException("--align is now, straddle or inside, not " + align);
        };
        return Math.floorDiv(start, NodeHost.INTERVAL_MILLIS) * NodeHost.INTERVAL_MILLIS;
    }

    private static Row run(String system, Path directory, EncodedLoad load, int senders, long at, String one,
            String many, int repeats, long budgetNanos, boolean selectsAfterPersist) throws Exception {
        System.out.printf("%s: starting%n", system);
        try (Receiver receiver = Receiver.start(system, directory)) {
            Receiver.Measure heapBefore = receiver.heap();
            long rssBefore = ProcessProbe.residentBytes(receiver.pid());
            List<Iterator<byte[]>> streams = new ArrayList<>();
            int[] firstRound = new int[senders];
            for (int s = 0; s < senders; s++) {
                streams.add(load.requests(s));
                firstRound[s] = load.firstRoundRequests(s);
            }
            RemoteWriteLoad.Result first = RemoteWriteLoad.send(receiver.remoteWriteUrl(), streams, firstRound, receiver.pid());
            System.out.printf("%s: first round, %,d new series in %.2f s%n", system, load.series(), first.seconds());
            RemoteWriteLoad.Result rest = RemoteWriteLoad.send(receiver.remoteWriteUrl(), streams, null, receiver.pid());
            long appended = load.samples() - load.firstRoundSamples();
            System.out.printf("%s: %,d more samples in %.1f s%n", system, appended, rest.seconds());
            receiver.settle();
            Receiver.Measure heapAfter = receiver.heap();
            long rssAfter = ProcessProbe.residentBytes(receiver.pid());
            TimedRuns selectOne = TimedRuns.of(() -> ApiClient.query(receiver.apiBase(), one, at), 1, repeats, budgetNanos);
            TimedRuns selectMany = TimedRuns.of(() -> ApiClient.query(receiver.apiBase(), many, at), 1, repeats, budgetNanos);
            for (TimedRuns t : List.of(selectOne, selectMany)) {
                if (t.failures() > 0) {
                    System.out.printf("WARNING: %s: a select failed%s%n", system, t.failureNote());
                }
            }
            System.out.printf("%s: persisting%n", system);
            List<Receiver.Measure> disk = receiver.persist();
            if (selectsAfterPersist) {
                // the same selects once the data is on disk (Hearth: in blocks rather than the head)
                TimedRuns oneAfter = TimedRuns.of(() -> ApiClient.query(receiver.apiBase(), one, at), 1, repeats, budgetNanos);
                TimedRuns manyAfter = TimedRuns.of(() -> ApiClient.query(receiver.apiBase(), many, at), 1, repeats, budgetNanos);
                System.out.printf("%s: selects after persisting: 1 series %.1f / %.1f ms (median / p99), %,d series %.1f / %.1f ms,"
                        + " %d failed; same answers as before: %b%n", system, oneAfter.latencies().medianMillis(),
                        oneAfter.latencies().p99Millis(), manyAfter.last().series(), manyAfter.latencies().medianMillis(),
                        manyAfter.latencies().p99Millis(), oneAfter.failures() + manyAfter.failures(),
                        sameData(oneAfter.last(), selectOne.last()) && sameData(manyAfter.last(), selectMany.last()));
            }
            return new Row(system, load.series() / first.seconds(), appended / rest.seconds(), appended / rest.cpuSeconds(),
                    rest.latencies(), heapBefore, heapAfter, rssBefore, rssAfter, disk, selectOne, selectMany);
        }
    }

    private static boolean sameData(ApiClient.Answer a, ApiClient.Answer b) {
        return a.series() == b.series() && a.points() == b.points() && Double.compare(a.sum(), b.sum()) == 0;
    }

    private static void print(List<Row> rows, EncodedLoad load) {
        System.out.printf("%n== ingestion (remote write, %d senders, requests of <= 2,000 samples) ==%n", load.senders());
        System.out.printf("%-16s %14s %14s %16s %11s %11s%n", "system", "new series/s", "samples/s", "samples/CPU-s",
                "req p50 ms", "req p99 ms");
        for (Row r : rows) {
            System.out.printf("%-16s %,14.0f %,14.0f %,16.0f %11.1f %11.1f%n", r.system(), r.seriesPerSecond(),
                    r.samplesPerSecond(), r.samplesPerCpuSecond(), r.requests().medianMillis(), r.requests().p99Millis());
        }
        System.out.printf("%n== footprint (%,d series, %,d samples) ==%n", load.series(), load.samples());
        System.out.printf("%-16s %13s %10s %14s %14s %14s %14s  %s%n", "system", "bytes/sample", "disk MB",
                "heap B/series", "(heap total)", "RSS B/series", "(RSS total)", "(heap: what was measured)");
        for (Row r : rows) {
            Receiver.Measure disk = r.disk().get(0);
            System.out.printf("%-16s %13.3f %10.1f %,14.0f %,14.0f %,14.0f %,14.0f  (%s)%n", r.system(),
                    (double) disk.bytes() / load.samples(), disk.bytes() / 1e6,
                    (double) (r.heapAfter().bytes() - r.heapBefore().bytes()) / load.series(),
                    (double) r.heapAfter().bytes() / load.series(),
                    (double) (r.rssAfter() - r.rssBefore()) / load.series(), (double) r.rssAfter() / load.series(),
                    r.heapAfter().includes());
        }
        System.out.println("disk figures:");
        for (Row r : rows) {
            for (Receiver.Measure m : r.disk()) {
                System.out.printf("  %-16s %,14d B = %.3f B/sample: %s%n", r.system(), m.bytes(),
                        (double) m.bytes() / load.samples(), m.includes());
            }
        }
        System.out.printf("%n== select over the last hour (instant query of a range selector; median / p99 ms) ==%n");
        System.out.printf("%-16s %22s %10s %26s %12s %8s%n", "system", "1 series", "samples", "many series", "series",
                "failed");
        for (Row r : rows) {
            Latencies one = r.selectOne().latencies();
            Latencies many = r.selectMany().latencies();
            System.out.printf("%-16s %10.1f / %9.1f %10d %12.1f / %11.1f %,12d %8s%n", r.system(), one.medianMillis(),
                    one.p99Millis(), r.oneAnswer().points(), many.medianMillis(), many.p99Millis(), r.manyAnswer().series(),
                    r.selectOne().failures() + r.selectMany().failures());
        }
        // Sanity: every system holds the same data, so the selects must return the same series and samples.
        Map<String, String> seen = new LinkedHashMap<>();
        for (Row r : rows) {
            seen.put(r.system(), r.oneAnswer().series() + " series / " + r.oneAnswer().points() + " samples (sum "
                    + r.oneAnswer().sum() + "), " + r.manyAnswer().series() + " series / " + r.manyAnswer().points()
                    + " samples");
        }
        if (seen.values().stream().distinct().count() > 1) {
            System.out.println("WARNING: the systems returned different selections: " + seen);
        } else {
            System.out.println("all systems returned the same selections: " + seen.values().iterator().next());
        }
        System.out.println("Figures come from one shared machine; read them as orders of magnitude. heap B/series and RSS"
                + " B/series are (after the load - before the load) / series; the totals divide the whole figure after the"
                + " load by the series.");
    }

}
