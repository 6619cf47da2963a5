package io.hearth.storage.chunk;

/**
 * Turns a run of float values into integers {@code m} and one decimal exponent {@code e} such that
 * each value is, bit for bit, {@code (double) m / 10^e}: what most metrics are (counts, bytes, CPU
 * ticks of 1/100 s, gauges with a few decimals). Values that are not (NaN and the staleness marker,
 * infinities, -0.0, full-precision floats, magnitudes past 2^53 at the chosen exponent) are
 * <em>specials</em>, kept by the caller as raw bits; their integer repeats the previous one so they
 * cost nothing in the integer column. Reused by one thread.
 */
final class DecimalScale {

    /** The largest exponent: 10^22 is the largest power of ten a double holds exactly. */
    static final int MAX_EXPONENT = 22;
    /** Exact powers of ten as doubles, the divisors of the decoder. */
    static final double[] POW10 = new double[MAX_EXPONENT + 1];
    private static final long[] POW10_LONG = new long[19];
    private static final long MAX_MANTISSA = 1L << 53;

    static {
        double d = 1;
        for (int i = 0; i <= MAX_EXPONENT; i++) {
            POW10[i] = d;
            d *= 10;
        }
        long l = 1;
        for (int i = 0; i < POW10_LONG.length; i++) {
            POW10_LONG[i] = l;
            l *= 10;
        }
    }

    private int[] exponents = new int[256];

    /** The integers of the last {@link #scale}; a special's repeats the previous (0 first). */
    long[] mantissas = new long[256];
    /** The positions of the specials of the last {@link #scale}, ascending. */
    int[] specials = new int[16];
    /** How many of {@link #specials} are valid. */
    int specialCount;

    /**
     * Scales {@code bits[0, n)} (raw IEEE 754 bits) and returns the exponent chosen to leave the
     * fewest specials, or -1 if more than half the values would be specials (then a decimal form
     * would not pay).
     */
    int scale(long[] bits, int n) {
        if (exponents.length < n) {
            exponents = new int[n];
            mantissas = new long[n];
        }
        int[] perExponent = new int[MAX_EXPONENT + 1];
        int undecimal = 0;
        for (int i = 0; i < n; i++) {
            int e = exponentOf(bits[i]);
            exponents[i] = e;
            if (e < 0) {
                undecimal++;
            } else {
                perExponent[e]++;
            }
        }
        if (undecimal * 2 > n) {
            return -1;
        }
        int best = -1;
        int bestSpecials = Integer.MAX_VALUE;
        int above = n - undecimal; // decimal values needing more than exponent e
        for (int e = 0; e <= MAX_EXPONENT && above > 0 || e == 0; e++) {
            above -= perExponent[e];
            if (perExponent[e] == 0 && e > 0) {
                continue;
            }
            int s = undecimal + above + overflows(bits, n, e, bestSpecials);
            if (s < bestSpecials) {
                bestSpecials = s;
                best = e;
            }
        }
        if (bestSpecials * 2 > n) {
            return -1;
        }
        specialCount = 0;
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long m = mantissa(bits[i], exponents[i], best);
            if (m == Long.MIN_VALUE) {
                if (specialCount == specials.length) {
                    specials = java.util.Arrays.copyOf(specials, specialCount * 2);
                }
                specials[specialCount++] = i;
                m = previous;
            }
            mantissas[i] = m;
            previous = m;
        }
        return best;
    }

    /** How many decimal values do not fit 2^53 at exponent {@code e}; stops counting past {@code limit}. */
    private int overflows(long[] bits, int n, int e, int limit) {
        int count = 0;
        for (int i = 0; i < n && count < limit; i++) {
            int own = exponents[i];
            if (own >= 0 && own <= e && mantissa(bits[i], own, e) == Long.MIN_VALUE) {
                count++;
            }
        }
        return count;
    }

    /**
     * The integer of a value with its own smallest exponent {@code own} at exponent {@code e}, or
     * {@code Long.MIN_VALUE} if the value is a special there.
     */
    private static long mantissa(long bits, int own, int e) {
        if (own < 0 || own > e) {
            return Long.MIN_VALUE;
        }
        long m = (long) Math.rint(Double.longBitsToDouble(bits) * POW10[own]);
        if (m != 0) {
            int up = e - own;
            if (up >= POW10_LONG.length || Math.abs(m) > MAX_MANTISSA / POW10_LONG[up]) {
                return Long.MIN_VALUE;
            }
            m *= POW10_LONG[up];
        }
        // the decoder's exact computation decides; this also rules out -0.0
        return Double.doubleToRawLongBits(m / POW10[e]) == bits ? m : Long.MIN_VALUE;
    }

    /** The smallest exponent at which a value is an integer of at most 2^53 that decodes bit-exactly, or -1. */
    static int exponentOf(long bits) {
        double v = Double.longBitsToDouble(bits);
        for (int e = 0; e <= MAX_EXPONENT; e++) {
            double s = v * POW10[e];
            if (!(Math.abs(s) <= MAX_MANTISSA)) {
                return -1; // NaN and infinities too
            }
            long m = (long) Math.rint(s);
            if (Double.doubleToRawLongBits(m / POW10[e]) == bits) {
                return e;
            }
        }
        return -1;
    }
}
