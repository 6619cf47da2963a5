package io.hearth.conformance.bench;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The same query run several times: warm-ups, then up to {@code repeats} timed runs, fewer (but
 * at least 3) once the runs have taken {@code budgetNanos}, so a slow system cannot stretch a bench
 * without bound. A failed call is not timed; it is counted and retried, and more than 3 failures
 * end the series, so that an intermittent server fault shows up as a failure count beside
 * figures rather than as no figure.
 */
record TimedRuns(Latencies latencies, ApiClient.Answer last, int failures, String firstError) {

    private static final int MAX_FAILURES = 3;
    /** {@code -Dbench.trace=true} prints every call's latency, warm-ups included, e.g. to see a server warm up. */
    private static final boolean TRACE = Boolean.getBoolean("bench.trace");

    static TimedRuns of(Supplier<ApiClient.Answer> call, int warmups, int repeats, long budgetNanos) {
        long[] nanos = new long[repeats];
        int runs = 0;
        int done = 0;
        int failures = 0;
        long spent = 0;
        String firstError = null;
        ApiClient.Answer last = null;
        ApiClient.Answer lastGood = null;
        while (runs < repeats && (runs < 3 || spent < budgetNanos) && failures <= MAX_FAILURES) {
            last = call.get();
            if (!last.ok()) {
                failures++;
                if (firstError == null) {
                    firstError = last.error() + (last.body().isEmpty() ? "" : " " + last.body());
                }
                continue;
            }
            lastGood = last;
            spent += last.nanos();
            if (TRACE) {
                System.out.printf("  run %d: %.1f ms at %s%n", done, last.nanos() / 1e6, java.time.Instant.now());
            }
            if (done++ >= warmups) {
                nanos[runs++] = last.nanos();
            }
        }
        return new TimedRuns(Latencies.of(Arrays.copyOf(nanos, runs)), lastGood != null ? lastGood : last, failures,
                firstError);
    }

    /** @return e.g. {@code " (2 failed: HTTP 0: java.io.IOException...)"}, or empty */
    String failureNote() {
        return failures == 0 ? "" : " (" + failures + " failed: " + firstError + ")";
    }
}
