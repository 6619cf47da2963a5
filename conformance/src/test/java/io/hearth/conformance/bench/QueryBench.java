package io.hearth.conformance.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query benchmark of issue 6, side by side: about 10,000 node_exporter-like series
 * ({@link NodeHost}) with 6 h of 15 s data, remote-written to Hearth, VictoriaMetrics and
 * Prometheus, then a dashboard's worth of range queries (15 s step over the 6 h) against each,
 * one system at a time: a warm-up, then several timed runs per query. Prints median and p99
 * latency per system and query, samples/s where Prometheus reports the samples a query reads
 * ({@code stats=all}), and warns when the systems disagree on the number of series a query
 * returns, or Hearth and Prometheus (same PromQL semantics) on its values. Each query's line
 * also gives when its runs (warm-ups included) began and ended, to cut a server's flight
 * recording into queries.
 *
 * <p>Run with {@code dev/bench-query [--series=10000] [--hours=6] ...}. A bench, not a test.
 */
public final class QueryBench {

    private static final String USAGE = "dev/bench-query [--series=10000] [--hours=6] [--step=15] [--warmups=1]"
            + " [--repeats=10] [--budget-seconds=30] [--senders=4] [--systems=hearth,victoriametrics,prometheus] [--seed=1] [--keep=false]"
            + " [--queries='expr;expr'] [--dashboard=true] [--refreshes=<repeats>] [--refresh-concurrency=6]";
    private static final Pattern QUERYABLE = Pattern.compile("\"totalQueryableSamples\":(\\d+)");

    /** The dashboard: what Grafana's node-exporter and service dashboards ask, panel by panel. */
    private static final Map<String, String> DASHBOARD = new LinkedHashMap<>();

    static {
        DASHBOARD.put("cpu by job", "sum by (job) (rate(node_cpu_seconds_total[5m]))");
        DASHBOARD.put("p99 latency", "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))");
        DASHBOARD.put("topk net", "topk(10, rate(node_network_receive_bytes_total[5m]))");
        DASHBOARD.put("regex selector", "node_cpu_seconds_total{instance=~\"host-1.*\"}");
        DASHBOARD.put("cpu busy %", "100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m])))");
        DASHBOARD.put("memory used", "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes");
        DASHBOARD.put("fs usage", "max by (instance) (1 - node_filesystem_avail_bytes{fstype!=\"tmpfs\"}"
                + " / node_filesystem_size_bytes{fstype!=\"tmpfs\"})");
        DASHBOARD.put("disk io", "sum by (instance) (rate(node_disk_read_bytes_total[5m]) + rate(node_disk_written_bytes_total[5m]))");
    }

    private QueryBench() {
    }

    /** One system's figures for one query. */
    private record Cell(Latencies latencies, ApiClient.Answer answer, long queryableSamples, int failures) {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args, Set.of("series", "hours", "step", "warmups", "repeats", "budget-seconds", "senders", "systems",
                "seed", "keep", "queries", "dashboard", "refreshes", "refresh-concurrency"), USAGE);
        int targetSeries = a.integer("series", 10_000);
        double hours = a.decimal("hours", 6);
        int step = a.integer("step", 15);
        int warmups = a.integer("warmups", 1);
        int repeats = a.integer("repeats", 10);
        // A slow system stops repeating a query after this long (three timed runs at least), so a
        // run ends in bounded time whatever the latencies.
        long budgetNanos = a.integer("budget-seconds", 30) * 1_000_000_000L;
        int senders = a.integer("senders", 4);
        List<String> systems = List.of(a.text("systems", String.join(",", Receiver.ALL)).split(","));
        long seed = a.integer("seed", 1);
        // After the queries one by one, the whole set as one dashboard load, panels at once
        int refreshes = a.integer("refreshes", repeats);
        int refreshConcurrency = a.integer("refresh-concurrency", 6);
        // Extra expressions (each named by itself) run after the dashboard, e.g. trivial ones
        // (vector(1), a selector matching nothing) that show a system's fixed cost per request.
        Map<String, String> queries = new LinkedHashMap<>();
        if (!a.text("dashboard", "true").equals("false")) {
            queries.putAll(DASHBOARD);
        }
        for (String extra : a.text("queries", "").split(";")) {
            if (!extra.isBlank()) {
                queries.put(extra.strip(), extra.strip());
            }
        }
        int hosts = 0;
        for (long n = 0; n < targetSeries; hosts++) {
            n += new NodeHost(hosts, seed).series();
        }
        int rounds = (int) Math.round(hours * 3_600_000 / NodeHost.INTERVAL_MILLIS);
        long start = (System.currentTimeMillis() - rounds * NodeHost.INTERVAL_MILLIS - 60_000)
                / NodeHost.INTERVAL_MILLIS * NodeHost.INTERVAL_MILLIS;
        long end = start + rounds * NodeHost.INTERVAL_MILLIS;
        try (ScratchDirectory scratch = ScratchDirectory.create("query-bench", a.flag("keep"))) {
            long t0 = System.nanoTime();
            EncodedLoad load = EncodedLoad.encode(scratch.path().resolve("requests"), hosts, seed, start, rounds, senders, 2_000);
            System.out.printf("dataset: %d node_exporter-like hosts, %,d series, %.1f h at 15 s, %,d samples (encoded in %.1f s)%n",
                    hosts, load.series(), hours, load.samples(), (System.nanoTime() - t0) / 1e9);
            System.out.printf("queries: query_range over the %.1f h, step %d s, %d warm-up + %d timed runs each"
                    + " (fewer, but at least 3, once a query has taken %d s)%n%n", hours, step, warmups, repeats,
                    budgetNanos / 1_000_000_000L);
            Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
            Map<String, DashboardRefreshes> loads = new LinkedHashMap<>();
            for (String system : systems) {
                SystemRun r = run(system, scratch.path().resolve(system), load, queries, start, end, step, warmups,
                        repeats, budgetNanos, refreshes, refreshConcurrency);
                cells.put(system, r.cells());
                loads.put(system, r.refreshes());
            }
            print(cells, loads, systems, queries, refreshConcurrency);
        }
    }

    /** One system's figures: each query alone, and the dashboard loads (null with fewer than two queries). */
    private record SystemRun(Map<String, Cell> cells, DashboardRefreshes refreshes) {}

    private static SystemRun run(String system, Path directory, EncodedLoad load, Map<String, String> queries,
            long start, long end, int step, int warmups, int repeats, long budgetNanos, int refreshes,
            int refreshConcurrency) throws Exception {
        System.out.printf("%s: starting%n", system);
        try (Receiver receiver = Receiver.start(system, directory)) {
            List<Iterator<byte[]>> streams = new ArrayList<>();
            for (int s = 0; s < load.senders(); s++) {
                streams.add(load.requests(s));
            }
            RemoteWriteLoad.Result loaded = RemoteWriteLoad.send(receiver.remoteWriteUrl(), streams, null, receiver.pid());
            System.out.printf("%s: loaded %,d samples in %.1f s (%,.0f samples/s)%n", system, load.samples(),
                    loaded.seconds(), load.samples() / loaded.seconds());
            long settling = System.nanoTime();
            receiver.settle();
            System.out.printf("%s: background work after the load over in %.1f s%n", system,
                    (System.nanoTime() - settling) / 1e9);
            Map<String, Cell> mine = new LinkedHashMap<>();
            for (Map.Entry<String, String> q : queries.entrySet()) {
                java.time.Instant from = java.time.Instant.now();
                TimedRuns runs = TimedRuns.of(() -> ApiClient.queryRange(receiver.apiBase(), q.getValue(), start, end, step,
                        ""), warmups, repeats, budgetNanos);
                ApiClient.Answer answer = runs.last();
                java.time.Instant to = java.time.Instant.now();
                if (runs.failures() > 0) {
                    System.out.printf("WARNING: %s: %s failed%s%n", system, q.getValue(), runs.failureNote());
                }
                long queryable = -1;
                if (system.equals("prometheus") && answer.ok()) {
                    Matcher m = QUERYABLE.matcher(ApiClient.text(receiver.apiBase() + "/query_range?" + rangeParams(
                            q.getValue(), start, end, step) + "&stats=all"));
                    queryable = m.find() ? Long.parseLong(m.group(1)) : -1;
                }
                // the server's CPU per call over as many calls again, untimed: less sensitive to
                // what else the machine runs than the latencies (/proc's 10 ms ticks: use --repeats=20 or more)
                double cpu0 = ProcessProbe.cpuSeconds(receiver.pid());
                for (int r = 0; r < repeats; r++) {
                    ApiClient.queryRange(receiver.apiBase(), q.getValue(), start, end, step, "");
                }
                double cpuMillis = (ProcessProbe.cpuSeconds(receiver.pid()) - cpu0) * 1000 / repeats;
                Cell cell = new Cell(runs.latencies(), answer, queryable, runs.failures());
                mine.put(q.getKey(), cell);
                System.out.printf("%s: %-15s median %8.1f ms, p99 %8.1f ms over %d runs, %,d series, server CPU %.1f ms a call"
                        + " (runs from %s to %s)%n", system, q.getKey(), cell.latencies().medianMillis(),
                        cell.latencies().p99Millis(), runs.latencies().count(), answer.series(), cpuMillis, from, to);
            }
            DashboardRefreshes loads = null;
            if (queries.size() > 1 && refreshes > 0) {
                List<String> panels = new ArrayList<>();
                for (String expr : queries.values()) {
                    panels.add(ApiClient.queryRangeUrl(receiver.apiBase(), expr, start, end, step));
                }
                loads = DashboardRefreshes.of(panels, refreshConcurrency, 3, refreshes, budgetNanos);
                System.out.printf("%s: dashboard load (%d panels, %d at once) median %8.1f ms, p99 %8.1f ms over %d loads%s%n",
                        system, panels.size(), Math.min(refreshConcurrency, panels.size()), loads.latencies().medianMillis(),
                        loads.latencies().p99Millis(), loads.latencies().count(),
                        loads.failedRefreshes() > 0 ? ", " + loads.failedRefreshes() + " failed" : "");
            }
            return new SystemRun(mine, loads);
        }
    }

    private static String rangeParams(String expr, long start, long end, int step) {
        return "query=" + java.net.URLEncoder.encode(expr, java.nio.charset.StandardCharsets.UTF_8) + "&start="
                + start / 1000.0 + "&end=" + end / 1000.0 + "&step=" + step;
    }

    private static void print(Map<String, Map<String, Cell>> cells, Map<String, DashboardRefreshes> loads, List<String> systems,
            Map<String, String> queries, int refreshConcurrency) {
        Map<String, Cell> reference = cells.get("prometheus");
        System.out.printf("%n== query_range latency (median / p99 ms; samples/s = samples Prometheus reports reading"
                + " / median) ==%n");
        StringBuilder header = new StringBuilder(String.format("%-15s", "query"));
        for (String system : systems) {
            header.append(String.format(" | %-38s", system));
        }
        System.out.println(header);
        for (String q : queries.keySet()) {
            long samples = reference == null ? -1 : reference.get(q).queryableSamples();
            StringBuilder line = new StringBuilder(String.format("%-15s", q));
            for (String system : systems) {
                Cell c = cells.get(system).get(q);
                String rate = samples > 0 && c.latencies().count() > 0
                        ? String.format("%,.0f/s", samples / (c.latencies().medianMillis() / 1e3)) : "-";
                String failed = c.failures() > 0 ? " F" + c.failures() : "";
                line.append(String.format(" | %8.1f / %8.1f %19s", c.latencies().medianMillis(), c.latencies().p99Millis(),
                        rate + failed));
            }
            System.out.println(line);
        }
        StringBuilder medians = new StringBuilder(String.format("%-15s", "sum of medians"));
        for (String system : systems) {
            double total = cells.get(system).values().stream().mapToDouble(c -> c.latencies().medianMillis()).sum();
            medians.append(String.format(" | %8.1f ms %27s", total, ""));
        }
        System.out.println(medians);
        if (loads.values().stream().allMatch(java.util.Objects::nonNull)) {
            StringBuilder line = new StringBuilder(String.format("%-15s", "dashboard load"));
            for (String system : systems) {
                Latencies l = loads.get(system).latencies();
                line.append(String.format(" | %8.1f / %8.1f %19s", l.medianMillis(), l.p99Millis(),
                        loads.get(system).failedRefreshes() > 0 ? "F" + loads.get(system).failedRefreshes() : ""));
            }
            System.out.println(line);
            System.out.printf("(dashboard load: every query above sent at once, %d in flight at most, timed to the last answer)%n",
                    refreshConcurrency);
        }
        System.out.println();
        for (String q : queries.keySet()) {
            Map<String, Integer> series = new LinkedHashMap<>();
            for (String system : systems) {
                series.put(system, cells.get(system).get(q).answer().series());
            }
            if (series.values().stream().distinct().count() > 1) {
                System.out.printf("WARNING: %s (%s) returned different numbers of series: %s%n", q, queries.get(q), series);
            }
            if (cells.containsKey("hearth") && reference != null) {
                ApiClient.Answer h = cells.get("hearth").get(q).answer();
                ApiClient.Answer p = reference.get(q).answer();
                double scale = Math.max(Math.abs(p.sum()), 1e-300);
                if (h.points() != p.points() || Math.abs(h.sum() - p.sum()) / scale > 1e-9) {
                    System.out.printf("WARNING: %s (%s): hearth and prometheus differ: %,d vs %,d points, value sums %s vs %s%n",
                            q, queries.get(q), h.points(), p.points(), h.sum(), p.sum());
                }
            }
        }
        System.out.println("series per query: " + queries.keySet().stream().map(q -> q + "=" + systems.stream()
                .map(s -> String.valueOf(cells.get(s).get(q).answer().series())).distinct()
                .reduce((x, y) -> x + "/" + y).orElse("")).toList());
        System.out.println("Fn after a figure: n calls failed and were retried (the figure times the others)."
                + " Figures come from one shared machine; read them as orders of magnitude.");
    }
}
