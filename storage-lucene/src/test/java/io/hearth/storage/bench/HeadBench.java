package io.hearth.storage.bench;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.storage.head.Head;
import io.hearth.storage.head.HeadOptions;
import io.hearth.storage.index.LucenePostings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rough figures for the head and the postings: append throughput into 10,000 series through the
 * full commit path (WAL submit, group commit, chunk writes), WAL replay time, and postings select
 * latency for typical matchers over 100,000 series, from the Lucene reader and from the
 * brute-force overlay. A timing loop, not JMH.
 */
final class HeadBench {

    private static final int SERIES = 10_000;
    private static final int BATCH = 2_000; // samples per commit, like a remote_write request

    private HeadBench() {
    }

    static void run(double seconds, Path dir) throws Exception {
        StorageBench.deleteTree(dir);
        List<Labels> series = new ArrayList<>(SERIES);
        for (int i = 0; i < SERIES; i++) {
            series.add(Labels.of("__name__", "node_metric_" + (i % 200), "instance", "host-" + (i / 200) + ":9100",
                    "job", "node", "cpu", Integer.toString(i % 8)));
        }
        long samples;
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            append(head, series, 1, seconds / 2, "(warm-up)", 0);
            long t0 = 1_000_000_000L;
            append(head, series, 1, seconds, "1 thread", t0);
            append(head, series, 2, seconds, "2 threads", 2 * t0);
            samples = head.stats().headSamples();
            select(head, List.of(LabelMatcher.equal("__name__", "node_metric_7"), LabelMatcher.equal("instance", "host-3:9100")), seconds);
            select(head, List.of(LabelMatcher.equal("__name__", "node_metric_7")), seconds);
            select(head, List.of(LabelMatcher.equal("job", "node")), seconds);
        }
        heapPerSeries(dir.resolveSibling(dir.getFileName() + "-heap"), series);
        long start = System.nanoTime();
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "head WAL replay: %,d series, %,d samples in %.2f s (%,.0f samples/s)%n",
                    head.stats().series(), head.stats().headSamples(), s, head.stats().headSamples() / s);
            if (head.stats().headSamples() != samples) {
                throw new AssertionError("replayed " + head.stats().headSamples() + " of " + samples + " samples");
            }
        }
        postings(dir.resolveSibling(dir.getFileName() + "-postings"), seconds);
    }

    private static void append(Head head, List<Labels> series, int threads, double seconds, String note, long t0)
            throws Exception {
        AtomicLong appended = new AtomicLong();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        Thread[] workers = new Thread[threads];
        long commitsBefore = head.stats().samplesAppended();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            workers[w] = new Thread(() -> {
                Random r = new Random(worker);
                long t = t0;
                try {
                    while (System.nanoTime() < deadline) {
                        t += 15_000;
                        // each thread owns every threads-th series, as remote_write shards do
                        for (int from = worker * BATCH; from < SERIES; from += threads * BATCH) {
                            Appender app = head.appender();
                            for (int i = from; i < Math.min(from + BATCH, SERIES); i++) {
                                app.append(series.get(i), t + r.nextInt(50), i % 3 == 0 ? r.nextGaussian() : t / 1000.0);
                            }
                            app.commit();
                            appended.addAndGet(Math.min(from + BATCH, SERIES) - from);
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
        }
        long start = System.nanoTime();
        for (Thread t : workers) {
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "head append %s, %,d series, %,d samples per commit: %,.0f samples/s (%,d samples) %s%n",
                threads == 1 ? "1 thread" : threads + " threads", SERIES, BATCH, appended.get() / s, appended.get(),
                note);
        if (head.stats().samplesAppended() - commitsBefore != appended.get()) {
            throw new AssertionError("rejections in the bench");
        }
    }

    /** Selects the last hour (240 samples at 15 s) of the newest data and reads every sample. */
    private static void select(Head head, List<LabelMatcher> matchers, double seconds) {
        long maxT;
        try (var q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            var set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of(LabelMatcher.equal("__name__", "node_metric_0"),
                    LabelMatcher.equal("instance", "host-0:9100")));
            set.next();
            var it = set.at().iterator(null);
            maxT = 0;
            while (it.next() != io.hearth.spi.storage.ValueType.NONE) {
                maxT = it.timestamp();
            }
        }
        long minT = maxT - 3600_000;
        long deadline = System.nanoTime() + (long) (seconds * 1e9 / 3);
        int runs = 0;
        long seriesSeen = 0;
        long samplesSeen = 0;
        double sum = 0;
        long start = System.nanoTime();
        do {
            try (var q = head.querier(minT, maxT)) {
                var set = q.select(minT, maxT, matchers);
                io.hearth.spi.storage.SampleIterator it = null;
                while (set.next()) {
                    seriesSeen++;
                    it = set.at().iterator(it);
                    while (it.next() != io.hearth.spi.storage.ValueType.NONE) {
                        sum += it.value();
                        samplesSeen++;
                    }
                }
            }
            runs++;
        } while (System.nanoTime() < deadline || runs < 3);
        double ms = (System.nanoTime() - start) / 1e6 / runs;
        System.out.printf(Locale.ROOT, "head select 1 h %-60s %,6d series %,9d samples %,9.2f ms%s%n", matchers,
                seriesSeen / runs, samplesSeen / runs, ms, sum == 42 ? " " : "");
    }

    /** Heap growth per series for 10,000 series holding one open chunk of 60 samples each. */
    private static void heapPerSeries(Path dir, List<Labels> series) throws Exception {
        StorageBench.deleteTree(dir);
        Runtime rt = Runtime.getRuntime();
        try (Head head = Head.open(dir, HeadOptions.defaults())) {
            long before = usedAfterGc(rt);
            for (int t = 0; t < 60; t++) {
                Appender app = head.appender();
                for (Labels l : series) {
                    app.append(l, t * 15_000L, t);
                }
                app.commit();
            }
            long after = usedAfterGc(rt);
            System.out.printf(Locale.ROOT, "head heap: %,d bytes per series (%,d series, 60 samples each, labels,"
                    + " chunk, postings buffer and maps included)%n", (after - before) / series.size(), series.size());
        }
    }

    private static long usedAfterGc(Runtime rt) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void postings(Path dir, double seconds) throws Exception {
        StorageBench.deleteTree(dir);
        int n = 100_000;
        List<Labels> series = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            series.add(Labels.of("__name__", "node_metric_" + (i % 500), "instance", "host-" + (i / 500) + ":9100",
                    "job", "node-" + (i % 10), "mode", List.of("idle", "user", "system", "iowait").get(i % 4)));
        }
        try (LucenePostings postings = new LucenePostings(dir, series::get, Integer.MAX_VALUE)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                postings.add(i, series.get(i));
            }
            double add = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            postings.refresh();
            double refresh = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "postings: %,d series added in %.2f s (%,.0f/s), first refresh %.0f ms%n",
                    n, add, n / add, refresh * 1e3);
            List<List<LabelMatcher>> queries = List.of(
                    List.of(LabelMatcher.equal("__name__", "node_metric_42")),
                    List.of(LabelMatcher.equal("__name__", "node_metric_42"), LabelMatcher.equal("instance", "host-7:9100")),
                    List.of(LabelMatcher.equal("__name__", "node_metric_42"), LabelMatcher.notRegex("mode", "idle|iowait")),
                    List.of(LabelMatcher.regex("__name__", "node_metric_4.*"), LabelMatcher.equal("job", "node-3")),
                    List.of(LabelMatcher.regex("instance", ".*:9100"), LabelMatcher.equal("__name__", "node_metric_1")),
                    List.of(LabelMatcher.regex("__name__", ".*_42")),
                    List.of(LabelMatcher.equal("job", "node-3")));
            for (List<LabelMatcher> q : queries) {
                measure(postings, q, seconds / queries.size());
            }
            // the overlay: 4,096 series newer than the reader, matched by brute force
            Labels extra = Labels.of("__name__", "new", "instance", "x");
            List<Labels> all = new ArrayList<>(series);
            for (int i = 0; i < 4096; i++) {
                all.add(extra.toBuilder().set("i", Integer.toString(i)).build());
            }
            try (LucenePostings withOverlay = new LucenePostings(dir.resolveSibling(dir.getFileName() + "-2"), all::get,
                    Integer.MAX_VALUE)) {
                for (int i = 0; i < n; i++) {
                    withOverlay.add(i, all.get(i));
                }
                withOverlay.refresh();
                for (int i = n; i < all.size(); i++) {
                    withOverlay.add(i, all.get(i));
                }
                System.out.printf(Locale.ROOT, "postings with an overlay of %,d series:%n", withOverlay.overlaySize());
                measure(withOverlay, queries.get(0), seconds / 4);
                measure(withOverlay, queries.get(5), seconds / 4);
                start = System.nanoTime();
                withOverlay.refresh();
                System.out.printf(Locale.ROOT, "  refresh absorbing %,d new series: %.1f ms%n", 4096,
                        (System.nanoTime() - start) / 1e6);
            }
        }
    }

    private static void measure(LucenePostings postings, List<LabelMatcher> q, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        int runs = 0;
        int hits = 0;
        long start = System.nanoTime();
        do {
            hits = postings.select(q).length;
            runs++;
        } while (System.nanoTime() < deadline || runs < 3);
        double us = (System.nanoTime() - start) / 1e3 / runs;
        System.out.printf(Locale.ROOT, "  select %-70s %,7d series %,10.1f us%n", q, hits, us);
    }
}
