package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.Labels;
import io.hearth.storage.testing.Seeded;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeded.class)
class SeriesTableTest {

    private static Labels labels(int i) {
        // separate string objects each time, as a decoded request brings them
        return Labels.of(new String("job".toCharArray()), "node", "instance", "host-" + (i / 7), "i", Integer.toString(i % 7));
    }

    /** Checked against a HashMap through many growths: equal labels find their series, others none. */
    @Test
    void findsEverySeriesByEqualLabelsAndNoOther(Random random) {
        SeriesTable table = new SeriesTable();
        Map<Labels, HeadSeries> model = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            int k = random.nextInt(40_000);
            Labels l = labels(k);
            if (model.containsKey(l)) {
                assertSame(model.get(l), table.get(labels(k)));
                continue;
            }
            assertNull(table.get(l));
            HeadSeries s = new HeadSeries(model.size(), l);
            table.put(s, s.labels.toPairs());
            model.put(l, s);
        }
        assertEquals(model.size(), table.size());
        for (int k = 0; k < 40_000; k++) {
            Labels l = labels(k);
            assertSame(model.get(l), table.get(l));
        }
    }

    /**
     * Puts and removals checked against a HashMap: removal shifts later entries of a probe run back,
     * so every remaining series is still found by equal labels, and removed ones are not.
     */
    @Test
    void removalsKeepEveryOtherSeriesFindable(Random random) {
        SeriesTable table = new SeriesTable();
        Map<Labels, HeadSeries> model = new HashMap<>();
        int ref = 0;
        for (int op = 0; op < 60_000; op++) {
            Labels l = labels(random.nextInt(3_000)); // few keys: long probe runs, many wrap-arounds
            HeadSeries there = model.get(l);
            if (there == null) {
                assertNull(table.get(l));
                HeadSeries s = new HeadSeries(ref++, l);
                table.put(s, s.labels.toPairs());
                model.put(l, s);
            } else if (random.nextBoolean()) {
                assertTrue(table.remove(there));
                assertFalse(table.remove(there), "removed twice");
                model.remove(l);
            } else {
                assertSame(there, table.get(l));
            }
            if (op % 5_000 == 0) {
                for (int k = 0; k < 3_000; k++) {
                    assertSame(model.get(labels(k)), table.get(labels(k)), "labels " + k);
                }
            }
        }
        assertEquals(model.size(), table.size());
        for (int k = 0; k < 3_000; k++) {
            assertSame(model.get(labels(k)), table.get(labels(k)));
        }
        assertFalse(table.remove(new HeadSeries(-1, labels(0))), "a series that was never put");
    }

    /**
     * A reader racing removals finds a series or nothing, never another one, and always finds a
     * series that is never removed once the writer has stopped.
     */
    @Test
    void readersRacingRemovalsNeverSeeAWrongSeries() throws Exception {
        SeriesTable table = new SeriesTable();
        int n = 20_000;
        HeadSeries[] all = new HeadSeries[n];
        for (int k = 0; k < n; k++) {
            all[k] = new HeadSeries(k, labels(k));
            table.put(all[k], all[k].labels.toPairs());
        }
        AtomicReference<String> wrong = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            Random r = new Random(2);
            while (!stop.get() && wrong.get() == null) {
                int k = r.nextInt(n);
                HeadSeries s = table.get(labels(k));
                if (s != null && s.ref != k) {
                    wrong.set("labels of series " + k + " found series " + s.ref);
                }
            }
        });
        reader.start();
        Random r = new Random(3);
        for (int round = 0; round < 200_000; round++) {
            int k = 1 + r.nextInt(n - 1); // series 0 stays
            if (table.get(labels(k)) == all[k]) {
                table.remove(all[k]);
            } else {
                all[k] = new HeadSeries(k, labels(k));
                table.put(all[k], all[k].labels.toPairs());
            }
        }
        stop.set(true);
        reader.join(60_000);
        assertNull(wrong.get());
        assertSame(all[0], table.get(labels(0)));
    }

    /** A reader racing the writer finds a series or nothing, never another series. */
    @Test
    void readersRacingTheWriterNeverSeeAWrongSeries() throws Exception {
        SeriesTable table = new SeriesTable();
        int n = 50_000;
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            Random r = new Random(1);
            for (int round = 0; round < 400_000 && wrong.get() == null; round++) {
                int k = r.nextInt(n);
                HeadSeries s = table.get(labels(k));
                if (s != null && s.ref != k) {
                    wrong.set("labels of series " + k + " found series " + s.ref);
                }
            }
        });
        reader.start();
        for (int k = 0; k < n; k++) {
            HeadSeries s = new HeadSeries(k, labels(k));
            table.put(s, s.labels.toPairs());
        }
        reader.join(60_000);
        assertNull(wrong.get());
    }
}
