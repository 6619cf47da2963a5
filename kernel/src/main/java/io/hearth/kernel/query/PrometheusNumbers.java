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
        int d = fractionDigits(v);
        if (d > 0) {
            long m = scaled(Math.abs(v), d);
            long unit = POW10[d];
            String fraction = Long.toString(unit + m % unit).substring(1); // zero-padded to d digits
            return (v < 0 ? "-" : "") + (m / unit) + "." + fraction;
        }
        return plain(Double.toString(v));
    }

    private static final long[] POW10 = {1, 10, 100, 1000};

    /**
     * For a value that is, to the double's precision, a decimal with 1 to 3 digits after the point
     * (most gauges and counters), that number of digits; else 0. Then the decimal
     * {@link #scaled}{@code (|v|, d)} / 10^d is the shortest that reads back as {@code v}, which is
     * what Java and Go print, found without their general algorithm (half a range answer's JSON
     * time): for 0.001 &le; |v| &lt; 10^12 a double's spacing is far below 10^-3, so at most one
     * decimal with d places rounds to it, and it is within one of |v|·10^d however that product
     * rounded. Fewer places, with the integer part fixed, means fewer digits, and a trailing zero
     * would have been found one place earlier.
     */
    static int fractionDigits(double v) {
        double a = Math.abs(v);
        if (!(a >= 1e-3 && a < 1e12)) {
            return 0;
        }
        for (int d = 1; d <= 3; d++) {
            if (scaled(a, d) >= 0) {
                return d;
            }
        }
        return 0;
    }

    /** The integer m with m / 10^d == a exactly as doubles (division rounds correctly), or -1. */
    static long scaled(double a, int d) {
        double unit = POW10[d];
        long m = Math.round(a * unit);
        if (m / unit == a) {
            return m;
        }
        if ((m + 1) / unit == a) {
            return m + 1;
        }
        return m > 0 && (m - 1) / unit == a ? m - 1 : -1;
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
