package io.hearth.kernel.query;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Numbers as the Prometheus API writes them: sample values as strings in the shortest decimal
 * form without exponent ("1.5", "100", "0.00001", "+Inf", "NaN"), timestamps as seconds with the
 * milliseconds after a point only when there are any ("1435781451", "1435781451.780").
 */
final class PrometheusNumbers {

    private PrometheusNumbers() {
    }

    /** @return the value as Prometheus formats sample values ({@link NumberBytes#value}'s text) */
    static String value(double v) {
        byte[] b = new byte[NumberBytes.MAX_VALUE];
        int len = NumberBytes.value(v, b, 0, new StringBuilder(24));
        return new String(b, 0, len, StandardCharsets.US_ASCII);
    }

    /** @return the value without exponent, as Prometheus formats a scalar's ({@link NumberBytes#plainValue}) */
    static String plainValue(double v) {
        byte[] b = new byte[NumberBytes.MAX_VALUE];
        int len = NumberBytes.plainValue(v, b, 0, new StringBuilder(24));
        return new String(b, 0, len, StandardCharsets.US_ASCII);
    }

    /**
     * Rewrites Java's {@code d.dddE±x} form of a double in Go's {@code 'e'} form: the same digits,
     * no {@code .0} on a single one, and an exponent of at least two digits with its sign
     * ({@code 1.5E-7} is {@code 1.5e-07}, {@code 1.0E21} is {@code 1e+21}).
     */
    static String goExponent(String java) {
        int e = java.indexOf('E');
        String mantissa = java.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(java, e + 1, java.length(), 10);
        int magnitude = Math.abs(exponent);
        return mantissa + (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + magnitude;
    }

    /**
     * A finite double as a JSON number the way Prometheus's JSON encoder writes one (query
     * statistics, the times of scalars and strings): "0", and otherwise the digits of a sample
     * value ({@link #value}: "0.000351499", "1795885900.5", "6.01e-07", "1e+21").
     */
    static String jsonFloat(double v) {
        return v == 0 ? "0" : value(v);
    }

    /**
     * Rewrites Java's shortest round-trip form of a finite, non-integral or large double (the same
     * digits Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} picks) without an exponent: written
     * out here rather than through {@code BigDecimal}, which cost more than the rest of a range
     * answer's JSON.
     */
    static String plain(String java) {
        int e = java.indexOf('E');
        if (e < 0) {
            return java.endsWith(".0") ? java.substring(0, java.length() - 2) : java;
        }
        boolean negative = java.charAt(0) == '-';
        int from = negative ? 1 : 0;
        // d.ddddE±x: the digits without the point, trailing zeros dropped
        StringBuilder digits = new StringBuilder(e - from);
        for (int i = from; i < e; i++) {
            char ch = java.charAt(i);
            if (ch != '.') {
                digits.append(ch);
            }
        }
        int n = digits.length();
        while (n > 1 && digits.charAt(n - 1) == '0') {
            n--;
        }
        digits.setLength(n);
        int point = 1 + Integer.parseInt(java, e + 1, java.length(), 10); // digits before the point
        StringBuilder out = new StringBuilder(n + Math.abs(point) + 3);
        if (negative) {
            out.append('-');
        }
        if (point <= 0) {
            out.append("0.");
            out.repeat('0', -point);
            out.append(digits);
        } else if (point >= n) {
            out.append(digits);
            out.repeat('0', point - n);
        } else {
            out.append(digits, 0, point).append('.').append(digits, point, n);
        }
        return out.toString();
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
