package io.hearth.conformance.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A dashboard loaded as Grafana loads it: every panel's query sent at once (at most
 * {@code concurrency} in flight, as a browser keeps six connections to one host), timed from the
 * first request to the last byte of the last answer; the answers are not parsed, which on the
 * same two cores would take time from the servers. The per-query figures time each query alone
 * on an idle server; a refresh also times how a system shares its cores between the panels of
 * one load.
 *
 * @param latencies the refreshes' times
 * @param failedRefreshes refreshes in which some panel failed (not timed)
 */
record DashboardRefreshes(Latencies latencies, int failedRefreshes) {

    /**
     * Loads the dashboard {@code warmups} times untimed, then up to {@code refreshes} times timed,
     * fewer (but at least 3) once the timed ones have taken {@code budgetNanos}.
     */
    static DashboardRefreshes of(List<String> panels, int concurrency, int warmups, int refreshes, long budgetNanos)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, panels.size())));
        try {
            long[] nanos = new long[refreshes];
            int timed = 0;
            int failed = 0;
            long spent = 0;
            for (int r = 0; timed < refreshes && (timed < 3 || spent < budgetNanos) && failed <= 3; r++) {
                long t0 = System.nanoTime();
                List<Future<Integer>> answers = new ArrayList<>(panels.size());
                for (String url : panels) {
                    answers.add(pool.submit(() -> ApiClient.status(url)));
                }
                boolean ok = true;
                for (Future<Integer> answer : answers) {
                    try {
                        ok &= answer.get() == 200;
                    } catch (java.util.concurrent.ExecutionException e) {
                        ok = false;
                    }
                }
                long took = System.nanoTime() - t0;
                if (!ok) {
                    failed++;
                } else if (r >= warmups) {
                    nanos[timed++] = took;
                    spent += took;
                }
            }
            return new DashboardRefreshes(Latencies.of(java.util.Arrays.copyOf(nanos, timed)), failed);
        } finally {
            pool.shutdownNow();
        }
    }
}
