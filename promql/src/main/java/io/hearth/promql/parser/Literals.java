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

    private static final java.util.regex.Pattern DURATION_GROUP = java.util.regex.Pattern.compile("(\\d*)(\\D*)");

    /**
     * Parses a duration such as {@code 1h30m} to nanoseconds: groups of digits and a unit (y, w, d,
     * h, m, s, ms), each unit at most once and larger units first, or a bare {@code 0}. Groups are
     * checked left to right, so the first problem decides the message, as upstream reports it.
     */
    static long parseDurationNanos(String s) throws LiteralException {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new LiteralException("empty duration string");
        }
        String invalid = "not a valid duration string: " + io.hearth.promql.ast.Printer.quote(s);
        java.util.regex.Matcher m = DURATION_GROUP.matcher(s);
        long total = 0;
        int previousUnit = -1;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            String digits = m.group(1);
            String unit = m.group(2);
            if (digits.isEmpty() || unit.isEmpty()) {
                throw new LiteralException(invalid);
            }
            java.math.BigInteger amount = new java.math.BigInteger(digits);
            if (amount.bitLength() > 64) {
                throw new LiteralException(invalid); // not even an unsigned 64-bit number
            }
            int u = java.util.Arrays.asList(UNITS).indexOf(unit);
            if (u < 0) {
                throw new LiteralException("unknown unit " + io.hearth.promql.ast.Printer.quote(unit) + " in duration "
                        + io.hearth.promql.ast.Printer.quote(s));
            }
            if (u <= previousUnit) {
                throw new LiteralException(invalid);
            }
            previousUnit = u;
            java.math.BigInteger sum = amount.multiply(java.math.BigInteger.valueOf(UNIT_NANOS[u]))
                    .add(java.math.BigInteger.valueOf(total));
            if (sum.bitLength() > 63) {
                throw new LiteralException("duration out of range");
            }
            total = sum.longValue();
            at = m.end();
        }
        return total;
    }

}
