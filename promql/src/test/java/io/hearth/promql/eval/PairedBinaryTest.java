package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.VectorMatching;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.storage.FloatHistogram;
import io.hearth.promql.storage.Labels;
import io.hearth.promql.storage.MemorySeriesSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vector/vector operators over float series matched one to one, computed pair by pair
 * ({@code Binary.pairedFloats}), give exactly what the step-by-step matching gives: the same
 * series in the same order, the same labels and pending name drops, the same points, every value
 * bit for bit. The data has gaps (a series may start late, so its first point decides its place),
 * NaN, infinities, -0 and +0, series on one side only, and pending name drops; where pairing does
 * not apply (a signature twice on a side, a histogram) it must step aside, and the step-by-step
 * path's answer or error stands. {@code -Dhearth.test.seed=N} repeats a run.
 */
class PairedBinaryTest {
    private static final int STEPS = 97;
    private static final long SEED = Long.getLong("hearth.test.seed", System.nanoTime());

    static Stream<Arguments> queries() {
        List<Arguments> out = new ArrayList<>();
        String[] ops = {"+", "-", "*", "/", "%", "^", "atan2", "==", "!=", ">", "<", ">=", "<=", "== bool", "> bool",
            "<= bool"};
        String[] matchings = {"", " on (host, dev)", " ignoring (dev)", " on (host)", " ignoring (zone)"};
        for (String op : ops) {
            for (String matching : matchings) {
                for (boolean delayed : new boolean[] {false, true}) {
                    out.add(Arguments.of("a " + op + matching + " b", delayed));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} delayed={1}")
    @MethodSource("queries")
    void pairByPairIsStepByStep(String query, boolean delayed) {
        Random rnd = new Random(SEED ^ query.hashCode() ^ (delayed ? 1 : 0));
        BinaryExpr b = (BinaryExpr) parse(query);
        Evaluator ev = evaluator(delayed);
        for (int round = 0; round < 20; round++) {
            List<SeriesData> lhs = side("a", rnd);
            List<SeriesData> rhs = side("b", rnd);
            // on(host) and ignoring(dev) match several series of a host: errors, which must be the same
            String expectedError = error(() -> reference(ev, b, lhs, rhs));
            assertEquals(expectedError, error(() -> actual(ev, b, lhs, rhs)), query + " (seed " + SEED + ")");
            if (expectedError.equals("no error")) {
                assertSame(query, reference(ev, b, lhs, rhs), actual(ev, b, lhs, rhs));
            }
        }
    }

    @Test
    void pairsWhenEverySignatureIsUniqueAndStepsAsideOtherwise() {
        Random rnd = new Random(SEED);
        BinaryExpr plus = (BinaryExpr) parse("a + b");
        VectorMatching oneToOne = new VectorMatching(VectorMatching.Cardinality.ONE_TO_ONE, List.of(), false, List.of(),
                null, null);
        List<SeriesData> lhs = side("a", rnd);
        List<SeriesData> rhs = side("b", rnd);
        assertNotNull(Binary.pairedFloats(plus, lhs, rhs, oneToOne, true, false, STEPS));
        // ignoring(dev): several series of one host on a side (two devices of host hx, whatever the
        // random sides hold: they may have drawn one device per host)
        BinaryExpr ignoring = (BinaryExpr) parse("a + ignoring (dev) b");
        List<SeriesData> twoDevices = new ArrayList<>(lhs);
        for (String dev : new String[] {"dx1", "dx2"}) {
            SeriesData sd = new SeriesData(Labels.of("__name__", "a", "host", "hx", "dev", dev), STEPS);
            sd.set(0, 1);
            twoDevices.add(sd);
        }
        assertNull(Binary.pairedFloats(ignoring, twoDevices, rhs, ignoring.matching(), true, false, STEPS));
        List<SeriesData> withHistogram = new ArrayList<>(rhs);
        SeriesData h = new SeriesData(Labels.of("__name__", "b", "host", "h9", "dev", "d9"), STEPS);
        h.setH(3, new FloatHistogram(0, 0, 0, 1, 2, new int[] {0}, new double[] {1}, new int[0], new double[0], null,
                FloatHistogram.Hint.UNKNOWN));
        withHistogram.add(h);
        assertNull(Binary.pairedFloats(plus, lhs, withHistogram, oneToOne, true, false, STEPS));
    }

    @Test
    void aSignatureTwiceOnASideStillFailsAsStepByStep() {
        // two left series that both match one right series at the same step: the step-by-step error
        SeriesData a1 = series("a", "h1", "d1", 1, 2);
        SeriesData a2 = series("a", "h1", "d2", 3, 4);
        SeriesData b1 = series("b", "h1", "d1", 5, 6);
        BinaryExpr b = (BinaryExpr) parse("a + on (host) b");
        String reference = error(() -> Binary.vectorVector(evaluator(false), b, List.of(a1, a2), List.of(b1),
                b.matching(), 2, false));
        String actual = error(() -> Binary.vectorVector(evaluator(false), b, List.of(a1, a2), List.of(b1),
                b.matching(), 2, true));
        assertEquals("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)",
                reference);
        assertEquals(reference, actual);
    }

    private static SeriesData series(String name, String host, String dev, double... values) {
        SeriesData sd = new SeriesData(Labels.of("__name__", name, "host", host, "dev", dev), values.length);
        for (int k = 0; k < values.length; k++) {
            sd.set(k, values[k]);
        }
        return sd;
    }

    private static String error(Runnable r) {
        try {
            r.run();
            return "no error";
        } catch (QueryException e) {
            return e.getMessage();
        }
    }

    /** The series of one side: hosts with a device or two, some only on this side, values of every kind. */
    private static List<SeriesData> side(String name, Random rnd) {
        List<SeriesData> out = new ArrayList<>();
        int hosts = 1 + rnd.nextInt(12);
        for (int host = 0; host < hosts; host++) {
            int devs = 1 + rnd.nextInt(2);
            for (int dev = 0; dev < devs; dev++) {
                if (rnd.nextInt(8) == 0) {
                    continue; // this series only on the other side
                }
                // the zone is the same on both sides but for every seventh host, which only ignoring(zone) matches
                String zone = host % 7 == 6 ? name + host : "z" + host;
                Labels l = Labels.of("__name__", name, "host", "h" + host, "dev", "d" + dev, "zone", zone);
                SeriesData sd = new SeriesData(l, STEPS);
                sd.dropName = rnd.nextInt(6) == 0;
                int from = rnd.nextInt(4) == 0 ? rnd.nextInt(STEPS) : 0; // a late start moves it back
                for (int k = from; k < STEPS; k++) {
                    if (rnd.nextInt(10) == 0) {
                        continue; // a gap
                    }
                    sd.set(k, switch (rnd.nextInt(30)) {
                        case 0 -> Double.NaN;
                        case 1 -> Double.POSITIVE_INFINITY;
                        case 2 -> Double.NEGATIVE_INFINITY;
                        case 3 -> -0.0;
                        case 4, 5 -> 0.0;
                        case 6, 7, 8 -> rnd.nextInt(5); // equal values for the comparisons
                        default -> (rnd.nextDouble() - 0.3) * 1e3;
                    });
                }
                out.add(sd);
            }
        }
        return out;
    }

    private static List<SeriesData> reference(Evaluator ev, BinaryExpr b, List<SeriesData> lhs, List<SeriesData> rhs) {
        return Binary.vectorVector(ev, b, lhs, rhs, b.matching(), STEPS, false);
    }

    private static List<SeriesData> actual(Evaluator ev, BinaryExpr b, List<SeriesData> lhs, List<SeriesData> rhs) {
        return Binary.vectorVector(ev, b, lhs, rhs, b.matching(), STEPS, true);
    }

    private static void assertSame(String query, List<SeriesData> expected, List<SeriesData> actual) {
        String where = query + " (seed " + SEED + ")";
        assertEquals(expected.size(), actual.size(), where);
        for (int i = 0; i < expected.size(); i++) {
            SeriesData e = expected.get(i);
            SeriesData a = actual.get(i);
            assertEquals(e.labels, a.labels, where + " series " + i);
            assertEquals(e.dropName, a.dropName, where + " series " + i);
            assertArrayEquals(e.has, a.has, where + " " + e.labels);
            assertNull(a.h, where);
            for (int k = 0; k < STEPS; k++) {
                if (e.has[k]) {
                    assertEquals(Double.doubleToRawLongBits(e.f[k]), Double.doubleToRawLongBits(a.f[k]),
                            where + " " + e.labels + " step " + k);
                }
            }
        }
    }

    private static Evaluator evaluator(boolean delayed) {
        EngineOptions options = new EngineOptions(300_000, 50_000_000, 60_000, delayed, false);
        return new Evaluator(new MemorySeriesSource(), options, "q", 0, (STEPS - 1) * 15_000L, 15_000, false);
    }

    private static Expr parse(String query) {
        try {
            return Parser.parse(query);
        } catch (io.hearth.promql.parser.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
