package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
            table.put(s);
            model.put(l, s);
        }
        assertEquals(model.size(), table.size());
        for (int k = 0; k < 40_000; k++) {
            Labels l = labels(k);
            assertSame(model.get(l), table.get(l));
        }
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
            table.put(new HeadSeries(k, labels(k)));
        }
        reader.join(60_000);
        assertNull(wrong.get());
    }
}
