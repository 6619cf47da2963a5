package io.hearth.storage.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.AppendResult;
import io.hearth.spi.storage.Exemplar;
import io.hearth.spi.storage.Labels;
import io.hearth.storage.testing.Seeded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Seeded.class)
class ExemplarStoreTest {

    private static Exemplar ex(String trace, double v, long t) {
        return new Exemplar(Labels.of("trace_id", trace), v, t, true);
    }

    private static AppendResult put(ExemplarStore store, int ref, Exemplar e) {
        AppendResult r = store.reserve(ref, e);
        if (r == AppendResult.ACCEPTED) {
            store.add(ref, e);
        }
        return r;
    }

    @Test
    void theSameExemplarAgainIsADuplicateAndStoredOnce() {
        ExemplarStore store = new ExemplarStore(10);
        assertEquals(AppendResult.ACCEPTED, put(store, 0, ex("a", 1, 100)));
        assertEquals(AppendResult.DUPLICATE, put(store, 0, ex("a", 1, 100)));
        assertEquals(1, store.size());
        // another series is judged on its own
        assertEquals(AppendResult.ACCEPTED, put(store, 1, ex("a", 1, 100)));
    }

    @Test
    void orderIsTimestampThenValueThenLabels() {
        ExemplarStore store = new ExemplarStore(10);
        assertEquals(AppendResult.ACCEPTED, put(store, 0, ex("m", 5, 100)));
        assertEquals(AppendResult.OUT_OF_ORDER, put(store, 0, ex("m", 5, 99)));
        assertEquals(AppendResult.OUT_OF_ORDER, put(store, 0, ex("m", 4, 100)));
        assertEquals(AppendResult.OUT_OF_ORDER, put(store, 0, ex("a", 5, 100)));
        assertEquals(AppendResult.ACCEPTED, put(store, 0, ex("z", 5, 100)));
        assertEquals(AppendResult.ACCEPTED, put(store, 0, ex("a", 6, 100)));
        assertEquals(AppendResult.ACCEPTED, put(store, 0, ex("a", 0, 101)));
        assertEquals(4, store.select(0, Long.MIN_VALUE, Long.MAX_VALUE).size());
    }

    @Test
    void labelsAreLimitedTo128CodePoints() {
        ExemplarStore store = new ExemplarStore(10);
        String name = "trace_id"; // 8
        Exemplar exactly = new Exemplar(Labels.of(name, "x".repeat(120)), 1, 1, true);
        Exemplar over = new Exemplar(Labels.of(name, "x".repeat(121)), 1, 2, true);
        // 120 two-byte characters are 120 code points, not 240 bytes
        Exemplar wide = new Exemplar(Labels.of(name, "é".repeat(120)), 1, 3, true);
        assertEquals(AppendResult.ACCEPTED, put(store, 0, exactly));
        assertEquals(AppendResult.EXEMPLAR_LABELS_TOO_LONG, put(store, 0, over));
        assertEquals(AppendResult.ACCEPTED, put(store, 0, wide));
        assertEquals(2, store.size());
    }

    @Test
    void zeroCapacityKeepsNothing() {
        ExemplarStore store = new ExemplarStore(0);
        assertEquals(AppendResult.UNSUPPORTED, put(store, 0, ex("a", 1, 1)));
        assertEquals(0, store.size());
        assertFalse(store.has(0));
    }

    @Test
    void selectKeepsTheRangeInclusive() {
        ExemplarStore store = new ExemplarStore(10);
        for (int t = 10; t <= 50; t += 10) {
            put(store, 3, ex("t" + t, t, t));
        }
        assertEquals(List.of(ex("t20", 20, 20), ex("t30", 30, 30)), store.select(3, 20, 30));
        assertEquals(List.of(), store.select(3, 51, 100));
        assertEquals(List.of(), store.select(4, 0, 100));
        assertNull(store.newest(4));
    }

    /** The buffer against a plain list holding the last {@code capacity} exemplars added. */
    @Test
    void keepsTheNewestExemplarsOfAllSeriesAgainstAModel(Random rnd) {
        int capacity = 1 + rnd.nextInt(300);
        ExemplarStore store = new ExemplarStore(capacity);
        int seriesCount = 1 + rnd.nextInt(40);
        long[] lastT = new long[seriesCount];
        List<int[]> modelRefs = new ArrayList<>();
        List<Exemplar> model = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int ref = rnd.nextInt(seriesCount);
            long t = lastT[ref] + rnd.nextInt(3) - (rnd.nextInt(20) == 0 ? 5 : 0);
            Exemplar e = ex(Integer.toString(rnd.nextInt(4)), rnd.nextInt(3), t);
            AppendResult expected = store.check(ref, e);
            AppendResult r = put(store, ref, e);
            assertEquals(expected, r);
            if (r == AppendResult.ACCEPTED) {
                lastT[ref] = t;
                modelRefs.add(new int[] {ref});
                model.add(e);
                if (model.size() > capacity) {
                    modelRefs.remove(0);
                    model.remove(0);
                }
            } else {
                assertTrue(r == AppendResult.DUPLICATE || r == AppendResult.OUT_OF_ORDER, r.toString());
            }
            if (i % 250 == 0 || i == 4_999) {
                assertEquals(model.size(), store.size());
                for (int s = 0; s < seriesCount; s++) {
                    long lo = rnd.nextInt(50);
                    long hi = lo + rnd.nextInt(3000);
                    List<Exemplar> want = new ArrayList<>();
                    for (int k = 0; k < model.size(); k++) {
                        Exemplar m = model.get(k);
                        if (modelRefs.get(k)[0] == s && m.timestamp() >= lo && m.timestamp() <= hi) {
                            want.add(m);
                        }
                    }
                    assertEquals(want, store.select(s, lo, hi), "series " + s + " in [" + lo + ", " + hi + "]");
                }
            }
        }
    }
}
