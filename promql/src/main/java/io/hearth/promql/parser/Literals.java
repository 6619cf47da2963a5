package io.hearth.promql.parser;

import java.util.Locale;

/** Number and duration literal syntax, with Go's rules as Prometheus applies them. */
final class Literals {
    private Literals() {}

    /** A rejected literal; the message is Prometheus' error text. */
    static final class LiteralException extends Exception {
        private static final long serialVersionUID = 1L;
        LiteralException(String message) {
            super(message, null, false, false);
        }
    }

    private static final long NS_MS = 1_000_000L;
    private static final long[] UNIT_NANOS = {
        365L * 24 * 3600 * 1_000_000_000L, // y
        7L * 24 * 3600 * 1_000_000_000L, // w
        24L * 3600 * 1_000_000_000L, // d
        3600L * 1_000_000_000L, // h
        60L * 1_000_000_000L, // m
        1_000_000_000L, // s
        NS_MS // ms
    };
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};

    /**
     * Parses a number token: first as a Go integer literal with base prefix (so {@code 010} is
     * octal and {@code 0x1F} hex), then as a Go float ({@code 1e3}, {@code .5}, {@code Inf},
     * {@code NaN}, hex floats with a {@code p} exponent).
     */
    static double parseNumber(String s) throws LiteralException {
        Long i = parseGoInt(s);
        if (i != null) {
            return i;
        }
        return parseGoFloat(s);
    }

    private static Long parseGoInt(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int base = 10;
        int from = 0;
        boolean prefixed = false;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char c = Character.toLowerCase(s.charAt(1));
            if (c == 'x') {
                base = 16;
                from = 2;
                prefixed = true;
            } else if (c == 'o') {
                base = 8;
                from = 2;
                prefixed = true;
            } else if (c == 'b') {
                base = 2;
                from = 2;
                prefixed = true;
            } else {
                base = 8;
                from = 1;
                prefixed = true;
            }
        }
        if (s.indexOf('_') >= 0 && (!prefixed || !underscoreOk(s))) {
            return null;
        }
        String digits = s.substring(from).replace("_", "");
        if (digits.isEmpty()) {
            return from == 1 ? 0L : null;
        }
        long v = 0;
        for (int k = 0; k < digits.length(); k++) {
            int d = Character.digit(digits.charAt(k), base);
            if (d < 0) {
                return null;
            }
            if (v > (Long.MAX_VALUE - d) / base) {
                return null; // out of range: Go then tries ParseFloat
            }
            v = v * base + d;
        }
        return v;
    }

    private static double parseGoFloat(String s) throws LiteralException {
        String lower = s.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan" -> {
                return Double.NaN;
            }
            default -> {}
        }
        String body = s;
        if (s.indexOf('_') >= 0) {
            if (!underscoreOk(s)) {
                throw syntax(s);
            }
            body = s.replace("_", "");
        }
        boolean hex = lower.startsWith("0x");
        if (hex && lower.indexOf('p') < 0) {
            throw syntax(s);
        }
        for (int k = 0; k < body.length(); k++) {
            char c = body.charAt(k);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-' || c == 'e' || c == 'E'
                    || (hex && (c == 'x' || c == 'X' || c == 'p' || c == 'P' || (c >= 'a' && c <= 'f')
                            || (c >= 'A' && c <= 'F')));
            if (!ok) {
                throw syntax(s);
            }
        }
        double v;
        try {
            v = Double.parseDouble(body);
        } catch (NumberFormatException e) {
            throw syntax(s);
        }
        if (Double.isInfinite(v)) {
            throw new LiteralException("strconv.ParseFloat: parsing " + io.hearth.promql.ast.Printer.quote(s)
                    + ": value out of range");
        }
        return v;
    }

    private static LiteralException syntax(String s) {
        return new LiteralException("strconv.ParseFloat: parsing " + io.hearth.promql.ast.Printer.quote(s)
                + ": invalid syntax");
    }

    /**
     * Digit separators are valid when every '_' has a digit (or the base prefix {@code 0x},
     * {@code 0o}, {@code 0b}) right before it and a digit right after it; hex digits count as
     * digits after {@code 0x}.
     */
    private static boolean underscoreOk(String s) {
        int bodyStart = (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) ? 1 : 0;
        boolean hex = false;
        int prefixEnd = -1;
        if (s.length() - bodyStart >= 2 && s.charAt(bodyStart) == '0'
                && "xXoObB".indexOf(s.charAt(bodyStart + 1)) >= 0) {
            hex = Character.toLowerCase(s.charAt(bodyStart + 1)) == 'x';
            prefixEnd = bodyStart + 2;
        }
        for (int i = s.indexOf('_'); i >= 0; i = s.indexOf('_', i + 1)) {
            boolean before = i == prefixEnd || (i > bodyStart && isDigitOf(s.charAt(i - 1), hex));
            boolean after = i + 1 < s.length() && isDigitOf(s.charAt(i + 1), hex);
            if (!before || !after) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigitOf(char c, boolean hex) {
        return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
    }

    /**
     * Parses a duration such as {@code 1h30m} to nanoseconds: groups of digits and a unit (y, w, d,
     * h, m, s, ms), each unit at most once and larger units first, or a bare {@code 0}. Groups are
     * checked left to right, so the first problem decides the message, as upstream reports it.
     * A group is a run of ASCII digits followed by a run of anything else. Every range selector
     * parses one, so this scans by hand and builds a message only on failure.
     */
    static long parseDurationNanos(String s) throws LiteralException {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new LiteralException("empty duration string");
        }
        long total = 0;
        int previousUnit = -1;
        int at = 0;
        int n = s.length();
        while (at < n) {
            int digitsEnd = at;
            while (digitsEnd < n && isAsciiDigit(s.charAt(digitsEnd))) {
                digitsEnd++;
            }
            int unitEnd = digitsEnd;
            while (unitEnd < n && !isAsciiDigit(s.charAt(unitEnd))) {
                unitEnd++;
            }
            if (digitsEnd == at || unitEnd == digitsEnd) {
                throw invalidDuration(s);
            }
            long amount = amount(s, at, digitsEnd);
            int u = unitIndex(s, digitsEnd, unitEnd);
            if (u < 0) {
                throw new LiteralException("unknown unit " + io.hearth.promql.ast.Printer.quote(s.substring(digitsEnd, unitEnd))
                        + " in duration " + io.hearth.promql.ast.Printer.quote(s));
            }
            if (u <= previousUnit) {
                throw invalidDuration(s);
            }
            previousUnit = u;
            if (amount < 0) {
                throw new LiteralException("duration out of range");
            }
            try {
                total = Math.addExact(Math.multiplyExact(amount, UNIT_NANOS[u]), total);
            } catch (ArithmeticException e) {
                throw new LiteralException("duration out of range");
            }
            at = unitEnd;
        }
        return total;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The index in {@link #UNITS} of {@code s[from, to)}, or -1. */
    private static int unitIndex(String s, int from, int to) {
        for (int u = 0; u < UNITS.length; u++) {
            if (UNITS[u].length() == to - from && s.startsWith(UNITS[u], from)) {
                return u;
            }
        }
        return -1;
    }

    /**
     * The digits {@code s[from, to)} as a number, or -1 for one of 64 bits (above
     * {@code Long.MAX_VALUE}), which is out of range once multiplied by its unit; one beyond 64 bits
     * is not a valid duration at all.
     */
    private static long amount(String s, int from, int to) throws LiteralException {
        while (from < to - 1 && s.charAt(from) == '0') {
            from++;
        }
        if (to - from <= 18) {
            return Long.parseLong(s, from, to, 10);
        }
        java.math.BigInteger amount = new java.math.BigInteger(s.substring(from, to));
        if (amount.bitLength() > 64) {
            throw invalidDuration(s); // not even an unsigned 64-bit number
        }
        return amount.bitLength() > 63 ? -1 : amount.longValue();
    }

    private static LiteralException invalidDuration(String s) {
        return new LiteralException("not a valid duration string: " + io.hearth.promql.ast.Printer.quote(s));
    }

}
