package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.testing.Seeded;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which series a head select returns: exactly those with a sample in the range, in label order,
 * whether the chunk bounds decide it (a first or last sample inside the range), an out-of-order
 * sample does, or only decoding can (a chunk that begins before the range and ends after it).
 */
@ExtendWith(Seeded.class)
class HeadQuerierTest {

    private static final List<LabelMatcher> ALL = List.of(LabelMatcher.equal("__name__", "m"));

    /** One chunk with samples at 0 and 1,000 only: a range strictly between them selects nothing. */
    @Test
    void aChunkStraddlingTheRangeWithNoSampleInsideIsNotSelected(@TempDir Path dir) throws Exception {
        try (Head head = Head.open(dir, HeadOptions.withOutOfOrderWindow(10_000))) {
            Appender a = head.appender();
            a.append(Labels.of("__name__", "m", "i", "gap"), 0, 1);
            a.append(Labels.of("__name__", "m", "i", "gap"), 1000, 2);
            a.commit();
            assertEquals(Map.of(), read(head, 100, 900));
            assertEquals(Map.of(Labels.of("__name__", "m", "i", "gap"), List.of(1000L)), read(head, 100, 1000));
            assertEquals(Map.of(Labels.of("__name__", "m", "i", "gap"), List.of(0L)), read(head, 0, 999));

            Appender late = head.appender();
            late.append(Labels.of("__name__", "m", "i", "gap"), 500, 3);
            late.commit();
            assertTrue(late.rejections().isEmpty(), late.rejections().toString());
            assertEquals(Map.of(Labels.of("__name__", "m", "i", "gap"), List.of(500L)), read(head, 100, 900));
        }
    }

    /** Random gaps, chunk spans and out-of-order samples, and random ranges, against a model. */
    @Test
    void selectsExactlyTheSeriesWithSamplesInRangeInLabelOrder(@TempDir Path dir, Random rnd) throws Exception {
        long span = 200 + rnd.nextInt(2000);
        HeadOptions options = new HeadOptions(100_000, span, rnd.nextInt(20), io.hearth.storage.wal.WalOptions.defaults());
        Map<Labels, TreeMap<Long, Double>> model = new LinkedHashMap<>();
        try (Head head = Head.open(dir, options)) {
            int seriesCount = 5 + rnd.nextInt(40);
            for (int s = 0; s < seriesCount; s++) {
                // instances created in random order, so ref order is not label order
                Labels l = Labels.of("__name__", "m", "i", Integer.toString(rnd.nextInt(1_000_000)), "s", Integer.toString(s));
                TreeMap<Long, Double> samples = new TreeMap<>();
                long t = rnd.nextInt(1000) * 10L;
                int n = 1 + rnd.nextInt(300);
                for (int k = 0; k < n; k++) {
                    samples.put(t, (double) k);
                    // mostly a scrape interval, sometimes a long gap inside one chunk
                    t += 10L * (rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(500) : 1 + rnd.nextInt(3));
                }
                model.put(l, samples);
            }
            Appender a = head.appender();
            model.forEach((l, samples) -> samples.forEach((t, v) -> a.append(l, t, v)));
            a.commit();
            assertTrue(a.rejections().isEmpty(), a.rejections().toString());
            // out-of-order samples between the in-order ones (timestamps ending in 5 are free)
            Appender ooo = head.appender();
            for (Map.Entry<Labels, TreeMap<Long, Double>> e : model.entrySet()) {
                if (rnd.nextBoolean()) {
                    long last = e.getValue().lastKey();
                    for (int k = rnd.nextInt(4); k > 0; k--) {
                        long t = last - 5 - 10L * rnd.nextInt(500);
                        if (!e.getValue().containsKey(t)) {
                            ooo.append(e.getKey(), t, -1);
                            e.getValue().put(t, -1.0);
                        }
                    }
                }
            }
            ooo.commit();
            assertTrue(ooo.rejections().isEmpty(), ooo.rejections().toString());

            for (int round = 0; round < 200; round++) {
                long lo = rnd.nextInt(8000) * 10L + rnd.nextInt(10);
                long hi = lo + (rnd.nextBoolean() ? rnd.nextInt(50) : rnd.nextInt(20_000));
                Map<Labels, List<Long>> expected = new TreeMap<>();
                model.forEach((l, samples) -> {
                    var inside = samples.subMap(lo, true, hi, true);
                    if (!inside.isEmpty()) {
                        expected.put(l, new ArrayList<>(inside.keySet()));
                    }
                });
                Map<Labels, List<Long>> got = read(head, lo, hi);
                assertEquals(expected, got, "select [" + lo + ", " + hi + "]");
                assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(got.keySet()), "label order");
            }
        }
    }

    /** The selected series in the order the set gave them, each with its timestamps in the range. */
    private static Map<Labels, List<Long>> read(Head head, long lo, long hi) {
        Map<Labels, List<Long>> out = new LinkedHashMap<>();
        try (Querier q = head.querier(lo, hi)) {
            SeriesSet set = q.select(lo, hi, ALL);
            SampleIterator it = null;
            while (set.next()) {
                it = set.at().iterator(it);
                List<Long> ts = new ArrayList<>();
                while (it.next() != ValueType.NONE) {
                    ts.add(it.timestamp());
                }
                assertEquals(null, it.err());
                assertFalse(ts.isEmpty(), "a selected series has no sample in the range: " + set.at().labels());
                out.put(set.at().labels(), ts);
            }
            assertEquals(null, set.err());
        }
        return out;
    }
}
