package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The samples an instant query of a range selector returns per series ({@code Evaluator.points}):
 * checked against a plain model, a sorted map from timestamp to sample where histograms are put
 * after floats, so a histogram wins a shared timestamp and a repeated timestamp keeps its last sample.
 */
class InstantRangeResultTest {

    private static final FloatHistogram H = new FloatHistogram(0, 0, 0, 1, 1, new int[0], new double[0], new int[0],
            new double[0], null, FloatHistogram.Hint.UNKNOWN);

    @Test
    void samplesInsideTheLeftOpenWindowInTimeOrder() {
        Evaluator.RSeries r = new Evaluator.RSeries();
        r.labels = Labels.of("__name__", "m");
        for (long t = 0; t <= 100; t += 10) {
            r.addF(t, t / 10.0);
        }
        r.addH(50, H);
        r.addH(55, H);
        Result.Series s = Evaluator.points(r, 20, 60);
        assertArrayEquals(new long[] {30, 40, 50, 55, 60}, s.t());
        assertArrayEquals(new double[] {3, 4, 0, 0, 6}, s.f());
        assertArrayEquals(new FloatHistogram[] {null, null, H, H, null}, s.h());
    }

    @Test
    void randomSeriesGiveTheModelsSamples() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 2_000; round++) {
            Evaluator.RSeries r = new Evaluator.RSeries();
            r.labels = Labels.of("__name__", "m");
            boolean ordered = random.nextInt(10) > 0;
            long t = 0;
            int floats = random.nextInt(40);
            for (int i = 0; i < floats; i++) {
                t = ordered ? t + random.nextInt(3) : random.nextInt(60);
                r.addF(t, random.nextInt(1000));
            }
            t = 0;
            int histograms = random.nextInt(3) == 0 ? random.nextInt(20) : 0;
            for (int i = 0; i < histograms; i++) {
                t = ordered ? t + random.nextInt(4) : random.nextInt(60);
                r.addH(t, new FloatHistogram(0, 0, 0, i, i, new int[0], new double[0], new int[0], new double[0], null,
                        FloatHistogram.Hint.UNKNOWN));
            }
            long lo = random.nextInt(30) - 5;
            long hi = lo + random.nextInt(40);
            TreeMap<Long, Object> model = new TreeMap<>();
            for (int i = 0; i < r.fn; i++) {
                if (r.ft[i] > lo && r.ft[i] <= hi) {
                    model.put(r.ft[i], r.fv[i]);
                }
            }
            for (int i = 0; i < r.hn; i++) {
                if (r.ht[i] > lo && r.ht[i] <= hi) {
                    model.put(r.ht[i], r.hv[i]);
                }
            }
            Result.Series s = Evaluator.points(r, lo, hi);
            String where = "seed " + seed + ", round " + round;
            assertEquals(model.size(), s.size(), where);
            int i = 0;
            for (Map.Entry<Long, Object> e : model.entrySet()) {
                assertEquals(e.getKey(), s.t()[i], where);
                if (e.getValue() instanceof Double d) {
                    assertEquals(d, s.f()[i], where);
                    assertEquals(null, s.h()[i], where);
                } else {
                    assertEquals(e.getValue(), s.h()[i], where);
                }
                i++;
            }
        }
    }
}
