package io.hearth.kernel.query;

/**
 * The numbers of a query answer ({@link PrometheusNumbers}'s text, byte for byte) written straight
 * into a byte array: each method writes at {@code b[at]} onwards and returns the position after
 * what it wrote; the caller makes room first ({@link #MAX_VALUE}, {@link #MAX_TIMESTAMP},
 * {@link #MAX_LONG} bytes). Range answers are mostly these numbers, a few hundred thousand of
 * them, so the common values take exact shortcuts past Java's general shortest-digits algorithm.
 */
final class NumberBytes {

    /** The longest value text: {@code Double.MIN_VALUE} is "0." and 323 zeros and "49", and a sign. */
    static final int MAX_VALUE = 330;
    /** The longest timestamp text: "-9223372036854775.808". */
    static final int MAX_TIMESTAMP = 21;
    /** The longest long: "-9223372036854775808". */
    static final int MAX_LONG = 20;

    private static final long[] POW10 = new long[19];
    private static final byte[] PAIRS = new byte[200];
    /**
     * For each f from 0 to 999, the three digits of f/1000 after the point without their trailing
     * zeros, packed: the digits' ASCII in the low three bytes (first digit lowest, zero bytes past
     * the last), how many in the top byte. A table instead of a loop that strips zeros, whose exit
     * the branch predictor missed every other value.
     */
    private static final int[] PLACES3 = new int[1000];
    private static final byte[] NAN = {'N', 'a', 'N'};
    private static final byte[] PLUS_INF = {'+', 'I', 'n', 'f'};
    private static final byte[] MINUS_INF = {'-', 'I', 'n', 'f'};

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        for (int f = 0; f < 1000; f++) {
            int[] digits = {f / 100, f / 10 % 10, f % 10};
            int count = f == 0 ? 0 : f % 10 != 0 ? 3 : f % 100 != 0 ? 2 : 1;
            int packed = count << 24;
            for (int k = 0; k < count; k++) {
                packed |= ('0' + digits[k]) << (8 * k);
            }
            PLACES3[f] = packed;
        }
    }

    private NumberBytes() {
    }

    /** Writes {@code v} as {@link Long#toString(long)} does. */
    static int number(byte[] b, int at, long v) {
        if (v >= 0) {
            return positive(b, at, v);
        }
        b[at++] = '-';
        if (v == Long.MIN_VALUE) { // its magnitude is no long: the last digit apart
            at = positive(b, at, -(v / 10));
            b[at++] = (byte) ('0' - v % 10);
            return at;
        }
        return positive(b, at, -v);
    }

    /** The decimal digits of {@code v} >= 0. */
    private static int positive(byte[] b, int at, long v) {
        if (v <= Integer.MAX_VALUE) {
            return positive(b, at, (int) v);
        }
        // two digits per division until the rest fits an int (long division is slow)
        int end = at + digits(v);
        int i = end;
        do {
            long q = v / 100;
            int r = (int) (v - q * 100) << 1;
            b[--i] = PAIRS[r + 1];
            b[--i] = PAIRS[r];
            v = q;
        } while (v > Integer.MAX_VALUE);
        digits(b, at, i, (int) v);
        return end;
    }

    /** The decimal digits of {@code v} >= 0. */
    private static int positive(byte[] b, int at, int v) {
        int end = at + digits(v);
        digits(b, at, end, v);
        return end;
    }

    /** Writes the digits of {@code w} >= 0 backwards from {@code end} down to {@code at}, two at a time. */
    private static void digits(byte[] b, int at, int end, int w) {
        int i = end;
        while (i - at >= 2) {
            int q = w / 100;
            int r = (w - q * 100) << 1;
            b[--i] = PAIRS[r + 1];
            b[--i] = PAIRS[r];
            w = q;
        }
        if (i > at) {
            b[--i] = (byte) ('0' + w);
        }
    }

    /** How many decimal digits {@code v} >= 0 has. */
    static int digits(int v) {
        if (v < 100_000) {
            return v < 100 ? (v < 10 ? 1 : 2) : v < 1_000 ? 3 : v < 10_000 ? 4 : 5;
        }
        return v < 10_000_000 ? (v < 1_000_000 ? 6 : 7) : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
    }

    /** How many decimal digits {@code v} >= 0 has: log10 from the bit length, corrected once. */
    static int digits(long v) {
        if (v < 10) {
            return 1;
        }
        int t = ((64 - Long.numberOfLeadingZeros(v)) * 1233) >>> 12;
        return v >= POW10[t] ? t + 1 : t;
    }

    /** A timestamp in milliseconds as the seconds number Prometheus writes ("1435781451", "1435781451.780"). */
    static int timestamp(byte[] b, int at, long millis) {
        long seconds = millis / 1000;
        int fraction = (int) (millis - seconds * 1000);
        if (fraction == 0) {
            return number(b, at, seconds);
        }
        if (millis < 0) { // "-1.500", "-0.500": BigDecimal's text of -1500 and -500 at scale 3
            b[at++] = '-';
            seconds = -seconds;
            fraction = -fraction;
        }
        at = positive(b, at, seconds);
        b[at++] = '.';
        b[at++] = (byte) ('0' + fraction / 100);
        int r = (fraction % 100) << 1;
        b[at++] = PAIRS[r];
        b[at++] = PAIRS[r + 1];
        return at;
    }

    /**
     * Adds {@code seconds} (0 to 99) to the decimal number of {@code len} >= 2 digits at
     * {@code b[at]}, in place: a range answer's next timestamp from the last one's text.
     *
     * @return false when the sum has one more digit (the text is then garbage; the caller writes it whole)
     */
    static boolean addSeconds(byte[] b, int at, int len, int seconds) {
        int j = at + len - 2;
        int last2 = (b[j] - '0') * 10 + (b[j + 1] - '0') + seconds;
        if (last2 >= 100) {
            last2 -= 100;
            int k = j - 1;
            while (k >= at && b[k] == '9') {
                b[k--] = '0';
            }
            if (k < at) {
                return false;
            }
            b[k]++;
        }
        b[j] = PAIRS[last2 << 1];
        b[j + 1] = PAIRS[(last2 << 1) + 1];
        return true;
    }

    /**
     * A sample value as Prometheus writes it (without the quotes): the shortest digits, without
     * exponent from 10^-6 up to 10^21 and with one below and above ("1.5e-07", "1e+21"), as
     * Prometheus's JSON float marshalling chooses. Integers below 10^15 are written by their
     * digits; values that are decimals with at most 6 places (below 4.5·10^9) or 3 places (below
     * 4.5·10^12), which most counters and gauges are, by exact integer arithmetic
     * ({@link #fixed}); the rest through Java's shortest round-trip digits, in {@code scratch}.
     */
    static int value(double v, byte[] b, int at, StringBuilder scratch) {
        return value(v, b, at, scratch, true);
    }

    /** A value as Go's {@code FormatFloat(v, 'f', -1, 64)} writes it, never with an exponent (a scalar's). */
    static int plainValue(double v, byte[] b, int at, StringBuilder scratch) {
        return value(v, b, at, scratch, false);
    }

    private static int value(double v, byte[] b, int at, StringBuilder scratch, boolean exponents) {
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e15) {
            if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
                b[at++] = '-';
            }
            return number(b, at, (long) v);
        }
        if (a < 4.5e12) {
            int end = fixed(v, a, 3, b, at);
            if (end >= 0) {
                return end;
            }
            if (a < 4.5e9 && (end = fixed(v, a, 6, b, at)) >= 0) {
                return end;
            }
        }
        if (Double.isNaN(v)) {
            return bytes(b, at, NAN);
        }
        if (Double.isInfinite(v)) {
            return bytes(b, at, v > 0 ? PLUS_INF : MINUS_INF);
        }
        // into the caller's reused builder: Double.toString would also decode its bytes into a String
        scratch.setLength(0);
        scratch.append(v);
        CharSequence java = scratch;
        for (int i = scratch.length() - 1; i > 0; i--) {
            if (scratch.charAt(i) == 'E') { // beyond 10^-3 <= |v| < 10^7, and rare
                java = exponents && (a < 1e-6 || a >= 1e21) ? PrometheusNumbers.goExponent(scratch.toString())
                        : PrometheusNumbers.plain(scratch.toString());
                break;
            }
        }
        int len = java.length();
        for (int i = 0; i < len; i++) {
            b[at++] = (byte) java.charAt(i);
        }
        return at;
    }

    /**
     * Writes {@code v} (with |v| = {@code a}, not an integer) as the decimal with at most
     * {@code places} digits after the point that reads back as {@code v}, when there is one, and
     * returns -1 when there is none. Exact, and the shortest text, given a &middot; 10^places &lt;
     * 2^52: then a double's rounding interval is narrower than 10^-places, so at most one such
     * decimal reads back as {@code v}; it is within one of the rounded product a &middot;
     * 10^places; m / 10^places, both exact doubles, divides correctly rounded, so comparing it with
     * {@code a} is the read-back; and with its trailing zeros dropped it is the decimal with the
     * fewest places (any with fewer places would be the same number), which, the integer part
     * being fixed by {@code a}, is the fewest digits: the digits Java and Go choose.
     */
    private static int fixed(double v, double a, int places, byte[] b, int at) {
        double unit = POW10[places];
        double product = a * unit;
        double nearest = Math.rint(product);
        // the read-back decimal is within a·2^-53 of a, the product's rounding adds as much again:
        // further from an integer than that (full-precision values), there is none
        if (Math.abs(product - nearest) > product * 0x1p-50) {
            return -1;
        }
        long m = (long) nearest;
        if (m / unit != a) {
            if ((m + 1) / unit == a) {
                m++;
            } else if ((m - 1) / unit == a) {
                m--;
            } else {
                return -1;
            }
        }
        // the integer part is a's: the decimal is no integer, so it is further than a's rounding
        // error from one (and a division of longs is slow)
        long whole = (long) a;
        int fraction = (int) (m - whole * (long) unit); // 1 to 10^places - 1
        if (v < 0) {
            b[at++] = '-';
        }
        at = positive(b, at, whole);
        b[at++] = '.';
        if (places == 6) {
            int high = fraction / 1000;
            int low = fraction - high * 1000;
            if (low == 0) {
                return places3(b, at, high);
            }
            b[at] = (byte) ('0' + high / 100);
            b[at + 1] = PAIRS[(high % 100) << 1];
            b[at + 2] = PAIRS[((high % 100) << 1) + 1];
            return places3(b, at + 3, low);
        }
        return places3(b, at, fraction);
    }

    /** Writes the digits of {@code f}/1000 (f from 1 to 999) after the point, without trailing zeros. */
    private static int places3(byte[] b, int at, int f) {
        int packed = PLACES3[f];
        b[at] = (byte) packed;
        b[at + 1] = (byte) (packed >>> 8);
        b[at + 2] = (byte) (packed >>> 16);
        return at + (packed >>> 24);
    }

    private static int bytes(byte[] b, int at, byte[] text) {
        System.arraycopy(text, 0, b, at, text.length);
        return at + text.length;
    }
}
