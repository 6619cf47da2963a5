package io.hearth.storage.bench;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Exemplar;
import io.hearth.spi.storage.ExemplarSeries;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.storage.head.Head;
import io.hearth.storage.head.HeadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rough figures for exemplars in the head: commits of 2,000 samples into 10,000 series without
 * exemplars, then with one exemplar per sample (the most a remote-write sender can attach), the
 * select latency of {@code query_exemplars} over one and over all series of a full 100,000-exemplar
 * store, and the WAL replay of that store. A timing loop, not JMH.
 */
final class ExemplarBench {

    private static final int SERIES = 10_000;
    private static final int BATCH = 2_000;

    private ExemplarBench() {
    }

    /** Runs these figures alone: {@code [seconds] [directory]}. */
    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Double.parseDouble(args[0]) : 2, Path.of(args.length > 1 ? args[1] : "target/bench-exemplars"));
    }

    static void run(double seconds, Path dir) throws Exception {
        StorageBench.deleteTree(dir);
        List<Labels> series = new ArrayList<>(SERIES);
        List<Labels> traces = new ArrayList<>(SERIES);
        for (int i = 0; i < SERIES; i++) {
            series.add(Labels.of("__name__", "rpc_seconds_bucket", "instance", "host-" + (i / 20) + ":9100", "le",
                    Integer.toString(i % 20)));
            traces.add(Labels.of("trace_id", Long.toHexString(0x1234_5678_9abcL * (i + 1))));
        }
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            long t = append(head, series, null, seconds / 2, 1_000_000_000L, "samples only (warm-up)");
            t = append(head, series, null, seconds, t, "samples only");
            t = append(head, series, traces, seconds, t, "one exemplar per sample");
            select(head, List.of(LabelMatcher.equal("instance", "host-7:9100"), LabelMatcher.equal("le", "3")), seconds);
            select(head, List.of(LabelMatcher.equal("__name__", "rpc_seconds_bucket")), seconds);
        }
        long start = System.nanoTime();
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "head WAL replay with exemplars: %,d samples and the exemplar store in %.2f s%n",
                    head.stats().headSamples(), s);
        }
    }

    private static long append(Head head, List<Labels> series, List<Labels> traces, double seconds, long t0, String note)
            throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long appended = 0;
        long t = t0;
        long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            t += 15_000;
            for (int from = 0; from < SERIES; from += BATCH) {
                Appender app = head.appender();
                for (int i = from; i < from + BATCH; i++) {
                    app.append(series.get(i), t, i);
                    if (traces != null) {
                        app.appendExemplar(series.get(i), new Exemplar(traces.get(i), i * 0.001, t, true));
                    }
                }
                app.commit();
                appended += BATCH;
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "head append, %,d series, %,d samples per commit, %s: %,.0f samples/s%n", SERIES, BATCH,
                note, appended / s);
        return t;
    }

    private static void select(Head head, List<LabelMatcher> matchers, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        int rounds = 0;
        int found = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < deadline || rounds == 0) {
            try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                List<ExemplarSeries> result = q.selectExemplars(Long.MIN_VALUE, Long.MAX_VALUE, List.of(matchers));
                found = result.stream().mapToInt(r -> r.exemplars().size()).sum();
            }
            rounds++;
        }
        double ms = (System.nanoTime() - start) / 1e6 / rounds;
        System.out.printf(Locale.ROOT, "exemplar select %-60s %,7d exemplars %,9.2f ms%n", matchers, found, ms);
    }
}
