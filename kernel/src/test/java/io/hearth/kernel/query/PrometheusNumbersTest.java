package io.hearth.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrometheusNumbersTest {

    /** The plain shortest form, computed the slow and obvious way. */
    private static String reference(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    @Test
    void valuesAreWrittenAsGoWritesThemWithFormatFloatF() {
        assertEquals("NaN", PrometheusNumbers.value(Double.NaN));
        assertEquals("+Inf", PrometheusNumbers.value(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusNumbers.value(Double.NEGATIVE_INFINITY));
        assertEquals("0", PrometheusNumbers.value(0.0));
        assertEquals("-0", PrometheusNumbers.value(-0.0));
        assertEquals("100", PrometheusNumbers.value(100));
        assertEquals("1.5", PrometheusNumbers.value(1.5));
        assertEquals("-1.5", PrometheusNumbers.value(-1.5));
        assertEquals("0.00001", PrometheusNumbers.value(1e-5));
        assertEquals("0.001", PrometheusNumbers.value(0.001));
        assertEquals("0.1", PrometheusNumbers.value(0.1));
        assertEquals("12345678.9", PrometheusNumbers.value(12345678.9));
        assertEquals("1000000000000000", PrometheusNumbers.value(1e15));
        assertEquals("-12340000000000000000", PrometheusNumbers.value(-1.234e19));
        // Java writes the smallest subnormal with two digits (4.9E-324) where Go writes one (5e-324);
        // the plain form keeps Java's digits, as the BigDecimal conversion it replaces did
        assertEquals("0." + "0".repeat(323) + "49", PrometheusNumbers.plainValue(Double.MIN_VALUE));
        assertEquals("4.9e-324", PrometheusNumbers.value(Double.MIN_VALUE));
        assertEquals(reference(Double.MAX_VALUE), PrometheusNumbers.plainValue(Double.MAX_VALUE));
        assertEquals("0.30000000000000004", PrometheusNumbers.value(0.1 + 0.2));
    }

    @Test
    void sampleValuesTakeAnExponentBelowAMillionthAndFromTenToTheTwentyFirst() {
        // Prometheus's MarshalFloat: strconv 'e' outside [1e-6, 1e21), 'f' inside
        assertEquals("1.5e-07", PrometheusNumbers.value(1.5e-7));
        assertEquals("-1e-07", PrometheusNumbers.value(-1e-7));
        assertEquals("0.000001", PrometheusNumbers.value(1e-6));
        assertEquals("9.99999e-07", PrometheusNumbers.value(9.99999e-7));
        assertEquals("999999999999999900000", PrometheusNumbers.value(999_999_999_999_999_900_000.0));
        assertEquals("1e+21", PrometheusNumbers.value(1e21));
        assertEquals("1.7976931348623157e+308", PrometheusNumbers.value(Double.MAX_VALUE));
        assertEquals("1.2345e+100", PrometheusNumbers.value(1.2345e100));
        // a scalar is written with 'f' throughout
        assertEquals("0.00000015", PrometheusNumbers.plainValue(1.5e-7));
        assertEquals("1000000000000000000000", PrometheusNumbers.plainValue(1e21));
    }

    @Test
    void plainFormMatchesBigDecimalsOnRandomDoubles() {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 6) {
                case 4 -> Math.round(random.nextDouble() * Math.pow(10, random.nextInt(1, 15))) / Math.pow(10, random.nextInt(0, 5));
                case 5 -> random.nextInt(-100_000, 100_000) / 1000.0 + random.nextInt(-2, 3) * Math.ulp(random.nextInt(1, 100_000) / 1000.0);
                case 0 -> Double.longBitsToDouble(random.nextLong()); // any bit pattern
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 22)); // gauges and counters
                case 2 -> Math.round(random.nextDouble() * 1e6) / 1000.0; // node_exporter-like precision
                default -> -random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
            };
            if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
                continue;
            }
            String expected = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : reference(v);
            assertEquals(expected, PrometheusNumbers.plainValue(v), "value " + v + " (bits " + Double.doubleToRawLongBits(v)
                    + "); replay with -Dtests.seed=" + seed);
        }
    }

    @Test
    void statisticsNumbersAreWrittenAsPrometheusJsonEncoderWritesThem() {
        // as Prometheus 2.42 answered stats=all: "resultSortTime":0, "execQueueTime":0.000175894, 6.01e-07
        assertEquals("0", PrometheusNumbers.jsonFloat(0));
        assertEquals("0.000175894", PrometheusNumbers.jsonFloat(175_894 / 1e9));
        assertEquals("6.01e-07", PrometheusNumbers.jsonFloat(601 / 1e9));
        assertEquals("1e-09", PrometheusNumbers.jsonFloat(1e-9));
        assertEquals("-2.5e-10", PrometheusNumbers.jsonFloat(-2.5e-10));
        assertEquals("0.000001", PrometheusNumbers.jsonFloat(1e-6));
        assertEquals("12.5", PrometheusNumbers.jsonFloat(12.5));
        assertEquals("1e+21", PrometheusNumbers.jsonFloat(1e21));
        assertEquals("1.2345e+100", PrometheusNumbers.jsonFloat(1.2345e100));
    }

    @Test
    void timestampsAreSecondsWithMillisecondsOnlyWhenThereAreAny() {
        assertEquals("1435781451", PrometheusNumbers.timestamp(1_435_781_451_000L).toString());
        assertEquals("1435781451.780", PrometheusNumbers.timestamp(1_435_781_451_780L).toString());
        assertEquals("-1.500", PrometheusNumbers.timestamp(-1_500).toString());
    }
}
