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

    /** Go's rule: underscores only between digits, or between a base prefix and a digit. */
    private static boolean underscoreOk(String s) {
        char saw = '^';
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            i++;
        }
        boolean hex = false;
        if (s.length() - i >= 2 && s.charAt(i) == '0') {
            char c = Character.toLowerCase(s.charAt(i + 1));
            if (c == 'x' || c == 'o' || c == 'b') {
                hex = c == 'x';
                i += 2;
                saw = '0';
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            char lc = Character.toLowerCase(c);
            if ((c >= '0' && c <= '9') || (hex && lc >= 'a' && lc <= 'f')) {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_') {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    /**
     * Parses a duration such as {@code 1h30m} (units y, w, d, h, m, s, ms, each at most once,
     * largest first) to nanoseconds, with Prometheus' error messages.
     */
    static long parseDurationNanos(String s) throws LiteralException {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new LiteralException("empty duration string");
        }
        String invalid = "not a valid duration string: " + io.hearth.promql.ast.Printer.quote(s);
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < s.length()) {
            if (!isDigit(s.charAt(i))) {
                throw new LiteralException(invalid);
            }
            int j = i;
            while (j < s.length() && isDigit(s.charAt(j))) {
                j++;
            }
            long v;
            try {
                v = Long.parseLong(s.substring(i, j));
            } catch (NumberFormatException e) {
                throw new LiteralException(invalid);
            }
            int k = j;
            while (k < s.length() && !isDigit(s.charAt(k))) {
                k++;
            }
            if (k == j) {
                throw new LiteralException(invalid);
            }
            String unit = s.substring(j, k);
            int u = -1;
            for (int n = 0; n < UNITS.length; n++) {
                if (UNITS[n].equals(unit)) {
                    u = n;
                }
            }
            if (u < 0) {
                throw new LiteralException("unknown unit " + io.hearth.promql.ast.Printer.quote(unit) + " in duration "
                        + io.hearth.promql.ast.Printer.quote(s));
            }
            if (u <= lastUnit) {
                throw new LiteralException(invalid);
            }
            lastUnit = u;
            long mult = UNIT_NANOS[u];
            if (v > Long.MAX_VALUE / mult) {
                throw new LiteralException("duration out of range");
            }
            long add = v * mult;
            if (total > Long.MAX_VALUE - add) {
                throw new LiteralException("duration out of range");
            }
            total += add;
            i = k;
        }
        return total;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
