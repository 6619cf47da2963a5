package io.hearth.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * NumberBytes's shortcuts against the obvious formatters: every value as {@link PrometheusNumbers#value}
 * writes it and as the plain form of Java's shortest digits reads (BigDecimal), on random doubles
 * of every kind and on the edges of each shortcut.
 */
class NumberBytesTest {

    private static final StringBuilder SCRATCH = new StringBuilder();

    private static String value(double v) {
        byte[] b = new byte[NumberBytes.MAX_VALUE + 8];
        b[0] = 'x';
        int end = NumberBytes.value(v, b, 1, SCRATCH);
        return new String(b, 1, end - 1, StandardCharsets.US_ASCII);
    }

    private static String plainValue(double v) {
        byte[] b = new byte[NumberBytes.MAX_VALUE + 8];
        int end = NumberBytes.plainValue(v, b, 0, SCRATCH);
        return new String(b, 0, end, StandardCharsets.US_ASCII);
    }

    /**
     * Prometheus's sample-value form, computed the slow and obvious way: the plain form, except
     * below 10^-6 and from 10^21 on, where Go's 'e' form has the same digits as Java's E form.
     */
    private static String exponentReference(double v) {
        double a = Math.abs(v);
        if (Double.isNaN(v) || Double.isInfinite(v) || a == 0 || a >= 1e-6 && a < 1e21) {
            return reference(v);
        }
        java.math.BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + (exponent < 0 ? "e-" : "e+") + (Math.abs(exponent) < 10 ? "0" : "")
                + Math.abs(exponent);
    }

    /** The plain shortest form, computed the slow and obvious way. */
    private static String reference(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static void check(double v, long seed) {
        String expected = exponentReference(v);
        assertEquals(expected, value(v), "value " + v + " (bits " + Double.doubleToRawLongBits(v) + "); replay with -Dtests.seed="
                + seed);
        assertEquals(PrometheusNumbers.value(v), expected, "value " + v);
        assertEquals(reference(v), plainValue(v), "scalar " + v);
    }

    @Test
    void randomValuesOfEveryKindAsTheReferenceWritesThem() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 1_000_000; i++) {
            double v = switch (i % 8) {
                case 0 -> Double.longBitsToDouble(random.nextLong()); // any bit pattern
                case 1 -> random.nextLong(-10_000_000_000_000L, 10_000_000_000_000L) / Math.pow(10, random.nextInt(0, 9));
                case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 17)); // full precision, any size
                case 3 -> random.nextLong(1, 100_000_000_000L) / 100.0; // counters in cents
                case 4 -> random.nextDouble(); // ratios
                case 5 -> { // a short decimal moved by a few units in the last place: a neighbour has no short form
                    double d = random.nextLong(1, 1_000_000_000L) / Math.pow(10, random.nextInt(1, 7));
                    yield d + random.nextInt(-3, 4) * Math.ulp(d);
                }
                case 6 -> (random.nextBoolean() ? 1 : -1) * random.nextLong(0, 1L << 53) / (double) (1L << random.nextInt(0, 60));
                default -> -random.nextInt(1, 1_000_000) / 1000.0;
            };
            check(v, seed);
        }
    }

    @Test
    void theEdgesOfEachShortcut() {
        double[] edges = {4.5e9, 4.5e12, 1e15, 1e-3, 1e-6, 1e-7, 1, 10, 0.1, 0.5, 2.5e-7, 1L << 52, 1L << 53, 999_999.999_999,
            4_499_999_999.999_999, 4_499_999_999_999.999, 999_999_999_999_999.0, 0.000_001_5, 123_456.000_001, Double.MIN_VALUE,
            Double.MIN_NORMAL, Double.MAX_VALUE, 0.1 + 0.2, 1e21, 1e-21, 9_007_199_254_740_993.0};
        for (double edge : edges) {
            double v = edge;
            for (int k = 0; k < 40; k++) { // the edge and its neighbours in both directions, both signs
                check(v, 0);
                check(-v, 0);
                check(Math.nextDown(edge - k * Math.ulp(edge)), 0);
                v = Math.nextUp(v);
            }
        }
        for (double special : new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            check(special, 0);
        }
    }

    @Test
    void everyDecimalWithUpToSixPlacesBelowTwoIsWrittenAsItReads() {
        for (int m = 1; m < 2_000_000; m++) {
            check(m / 1e6, 0);
        }
    }

    @Test
    void timestampsAndLongsAsTheReferenceWritesThem() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        byte[] b = new byte[32];
        for (int i = 0; i < 300_000; i++) {
            long t = switch (i % 4) {
                case 0 -> random.nextLong() >> random.nextInt(64);
                case 1 -> random.nextLong(-5_000, 5_000);
                case 2 -> random.nextLong(0, 10_000_000_000_000L) / 1000 * 1000;
                default -> 1_700_000_000_000L + random.nextLong(0, 86_400_000L);
            };
            assertEquals(PrometheusNumbers.timestamp(t).toString(),
                    new String(b, 0, NumberBytes.timestamp(b, 0, t), StandardCharsets.US_ASCII),
                    "timestamp " + t + "; replay with -Dtests.seed=" + seed);
            assertEquals(Long.toString(t), new String(b, 0, NumberBytes.number(b, 0, t), StandardCharsets.US_ASCII),
                    "long " + t + "; replay with -Dtests.seed=" + seed);
        }
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
            for (long t : new long[] {p - 1, p, p + 1, -p, -p + 1, p * 1000, -p * 1000, p * 1000 + 1}) {
                assertEquals(PrometheusNumbers.timestamp(t).toString(),
                        new String(b, 0, NumberBytes.timestamp(b, 0, t), StandardCharsets.US_ASCII));
                assertEquals(Long.toString(t), new String(b, 0, NumberBytes.number(b, 0, t), StandardCharsets.US_ASCII));
            }
        }
        for (long t : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE}) {
            assertEquals(PrometheusNumbers.timestamp(t).toString(), new String(b, 0, NumberBytes.timestamp(b, 0, t),
                    StandardCharsets.US_ASCII));
            assertEquals(Long.toString(t), new String(b, 0, NumberBytes.number(b, 0, t), StandardCharsets.US_ASCII));
        }
    }
}
