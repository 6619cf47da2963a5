package io.hearth.kernel.query;

import java.math.BigDecimal;

/**
 * Numbers as the Prometheus API writes them: sample values as strings in the shortest decimal
 * form without exponent ("1.5", "100", "0.00001", "+Inf", "NaN"), timestamps as seconds with the
 * milliseconds after a point only when there are any ("1435781451", "1435781451.780").
 */
final class PrometheusNumbers {

    private PrometheusNumbers() {
    }

    /** @return the value as Prometheus formats sample values */
    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** @return the timestamp, in milliseconds, as the seconds number Prometheus writes */
    static BigDecimal timestamp(long millis) {
        BigDecimal seconds = BigDecimal.valueOf(millis, 3);
        return millis % 1000 == 0 ? seconds.setScale(0) : seconds;
    }

    /** @return the upper bound of native histogram bucket {@code index} at {@code schema} */
    static double bucketBound(int index, int schema) {
        if (schema <= 0) {
            return Math.scalb(1.0, index << -schema);
        }
        int perPowerOfTwo = 1 << schema;
        int j = index & (perPowerOfTwo - 1);
        int exponent = (index >> schema) + 1;
        double fraction = Math.pow(2, (double) j / perPowerOfTwo) / 2;
        return Math.scalb(fraction, exponent);
    }
}
