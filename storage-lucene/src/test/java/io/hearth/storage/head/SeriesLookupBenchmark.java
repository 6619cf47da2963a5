package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.hearth.spi.storage.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * An appender's series lookup alone (issue 4), shaped as {@code dev/bench-remote-write}'s: 4
 * senders of 2,000 node_exporter-like series, every label string one shared instance (as the
 * remote-write decoders' string cache hands them out, so every string compares by identity),
 * series created with request garbage between them and the heap collected before timing (so the
 * series sit where the GC put them, as in a server). Each timed pass looks up every series by a
 * label set built afresh (as each request builds them) and reads its newest reserved timestamp, as
 * {@link HeadAppender} does: in request order and in random order, 2,000 lookups to a request, and
 * between requests it runs through 8 MiB of other memory ({@code -Dhearth.bench.evictBytes}), as a
 * server's other requests do, so the series are not all in the caches. Prints nanoseconds per lookup,
 * the best of several passes. Skipped unless {@code -Dhearth.bench=true};
 * {@code -Dhearth.bench.senders=4}, {@code -Dhearth.bench.series=2000} (per sender).
 */
class SeriesLookupBenchmark {

    private static final int REQUEST = 2_000;
    // more than the L2 caches: what the other requests' bodies, garbage and series pass through
    private static final byte[] OTHER_WORK = new byte[Integer.getInteger("hearth.bench.evictBytes", 8 << 20)];
    private static volatile Object sink;

    /** Runs through other memory between requests, as a server's other work does. */
    private static long evict() {
        long sum = 0;
        for (int i = 0; i < OTHER_WORK.length; i += 64) {
            sum += OTHER_WORK[i]++;
        }
        return sum;
    }

    @Test
    void lookups() {
        Assumptions.assumeTrue(Boolean.getBoolean("hearth.bench"), "set -Dhearth.bench=true to run");
        int senders = Integer.getInteger("hearth.bench.senders", 4);
        int perSender = Integer.getInteger("hearth.bench.series", 2_000);
        int n = senders * perSender;
        String[][] pairs = new String[n][];
        List<String> strings = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            for (int i = 0; i < perSender; i++) {
                pairs[s * perSender + i] = new String[] {"__name__", "node_metric_" + (i % 100), "cpu",
                        Integer.toString(i / 100 % 4), "device", "dev" + (i / 400), "instance", "host-" + s + ":9100",
                        "job", "node"};
            }
        }
        for (String[] p : pairs) { // one instance per distinct string, as the string cache gives
            for (int k = 0; k < p.length; k++) {
                int at = strings.indexOf(p[k]);
                if (at < 0) {
                    strings.add(p[k]);
                } else {
                    p[k] = strings.get(at);
                }
            }
        }
        SeriesTable table = new SeriesTable();
        HeadSeries[] series = new HeadSeries[n];
        for (int i = 0; i < n; i++) {
            sink = new byte[64 + (i % 7) * 48]; // a request's decoding garbage between the series
            String[] own = pairs[i].clone();
            series[i] = new HeadSeries(i, Labels.ofSortedPairs(own));
            table.put(series[i], own);
        }
        System.gc();
        System.gc();
        int[] inOrder = new int[n];
        int[] shuffled = new int[n];
        Random random = new Random(42);
        for (int i = 0; i < n; i++) {
            inOrder[i] = i;
            shuffled[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        for (int round = 0; round < 5; round++) {
            System.out.printf("series lookup ns (%d series): request order %.1f, random order %.1f%n", n,
                    time(table, series, pairs, inOrder), time(table, series, pairs, shuffled));
        }
    }

    private static double time(SeriesTable table, HeadSeries[] series, String[][] pairs, int[] order) {
        double best = Double.MAX_VALUE;
        Labels[] given = new Labels[order.length];
        for (int pass = 0; pass < 20; pass++) {
            for (int i = 0; i < order.length; i++) { // built afresh for each request, as the kernel does
                given[i] = Labels.ofSortedPairs(pairs[order[i]].clone());
            }
            long sum = 0;
            long elapsed = 0;
            for (int from = 0; from < order.length; from += REQUEST) {
                sum += evict();
                long t0 = System.nanoTime();
                for (int i = from, end = Math.min(order.length, from + REQUEST); i < end; i++) {
                    HeadSeries s = table.get(given[i]);
                    sum += s.resMaxT;
                }
                elapsed += System.nanoTime() - t0;
            }
            sink = sum;
            best = Math.min(best, (double) elapsed / order.length);
        }
        for (int i = 0; i < order.length; i++) {
            assertSame(series[order[i]], table.get(given[i]));
        }
        return best;
    }
}
