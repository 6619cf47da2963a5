package io.hearth.promql.ast;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a syntax tree as canonical PromQL text, in the form Prometheus' query formatter gives
 * (one line, label matchers sorted, durations normalised, {@code @} with millisecond precision).
 * Parsing the output yields the same tree (in {@link Expr#canonical()} form). One deliberate
 * difference from Prometheus keeps that true: a positive infinity on the left of {@code ^} prints
 * as {@code Inf}, not {@code +Inf}, which would re-parse as a unary plus over the power.
 */
public final class Printer {
    private static final long MS_YEAR = 365L * 24 * 60 * 60 * 1000;
    private static final long MS_WEEK = 7L * 24 * 60 * 60 * 1000;
    private static final long MS_DAY = 24L * 60 * 60 * 1000;
    private static final long MS_HOUR = 60L * 60 * 1000;
    private static final long MS_MINUTE = 60L * 1000;
    private static final long MS_SECOND = 1000L;

    private Printer() {}

    /** The canonical text of {@code expr}. */
    public static String print(Expr expr) {
        StringBuilder b = new StringBuilder(64);
        write(b, expr);
        return b.toString();
    }

    private static void write(StringBuilder b, Expr expr) {
        switch (expr) {
            case NumberLiteral n -> writeNumber(b, n);
            case StringLiteral s -> quote(b, s.value());
            case ParenExpr p -> {
                b.append('(');
                write(b, p.expr());
                b.append(')');
            }
            case UnaryExpr u -> {
                b.append(u.op().symbol());
                write(b, u.expr());
            }
            case Call c -> {
                b.append(c.function().name()).append('(');
                writeList(b, c.args());
                b.append(')');
            }
            case AggregateExpr a -> {
                b.append(a.op().keyword());
                if (a.without()) {
                    b.append(" without (");
                    writeLabels(b, a.grouping());
                    b.append(") ");
                } else if (!a.grouping().isEmpty()) {
                    b.append(" by (");
                    writeLabels(b, a.grouping());
                    b.append(") ");
                }
                b.append('(');
                if (a.param() != null) {
                    write(b, a.param());
                    b.append(", ");
                }
                write(b, a.expr());
                b.append(')');
            }
            case BinaryExpr e -> writeBinary(b, e);
            case VectorSelector v -> writeSelector(b, v, true);
            case MatrixSelector m -> {
                VectorSelector v = m.selector();
                writeSelector(b, v, false);
                b.append('[');
                if (m.rangeExpr() != null) {
                    write(b, m.rangeExpr());
                } else {
                    b.append(formatDuration(m.rangeMillis()));
                }
                b.append(']');
                if (v.anchored()) {
                    b.append(" anchored");
                } else if (v.smoothed()) {
                    b.append(" smoothed");
                }
                writeAt(b, v.atMillis(), v.atPreprocessor());
                writeOffset(b, v.offsetMillis(), v.offsetExpr());
            }
            case SubqueryExpr s -> {
                write(b, s.expr());
                b.append('[');
                if (s.rangeExpr() != null) {
                    write(b, s.rangeExpr());
                } else {
                    b.append(formatDuration(s.rangeMillis()));
                }
                b.append(':');
                if (s.stepMillis() != 0) {
                    b.append(formatDuration(s.stepMillis()));
                } else if (s.stepExpr() != null) {
                    write(b, s.stepExpr());
                }
                b.append(']');
                writeAt(b, s.atMillis(), s.atPreprocessor());
                writeOffset(b, s.offsetMillis(), s.offsetExpr());
            }
            case DurationExpr d -> writeDurationExpr(b, d);
        }
    }

    /** Writes a binary chain walking its left spine with a loop, so long queries need no deep stack. */
    private static void writeBinary(StringBuilder b, BinaryExpr top) {
        java.util.ArrayDeque<BinaryExpr> spine = new java.util.ArrayDeque<>();
        Expr cur = top;
        while (cur instanceof BinaryExpr e) {
            spine.push(e);
            cur = e.lhs();
        }
        BinaryExpr innermost = spine.peek();
        if (innermost.op() == BinaryOp.POW && cur instanceof NumberLiteral n && !n.duration()
                && n.value() == Double.POSITIVE_INFINITY) {
            // "+Inf ^ x" would re-parse as +(Inf ^ x): the sign binds looser than ^.
            b.append("Inf");
        } else {
            write(b, cur);
        }
        while (!spine.isEmpty()) {
            BinaryExpr e = spine.pop();
            b.append(' ').append(e.op().symbol());
            if (e.returnBool()) {
                b.append(" bool");
            }
            writeMatching(b, e.matching());
            b.append(' ');
            write(b, e.rhs());
        }
    }

    private static void writeList(StringBuilder b, List<Expr> args) {
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            write(b, args.get(i));
        }
    }

    private static void writeNumber(StringBuilder b, NumberLiteral n) {
        if (n.duration()) {
            double v = n.value();
            if (v < 0) {
                b.append('-');
                v = -v;
            }
            b.append(formatDuration(secondsToMillis(v)));
        } else {
            b.append(formatFloat(n.value()));
        }
    }

    /** Seconds to whole milliseconds the way Prometheus does: round to nanoseconds, truncate to ms. */
    public static long secondsToMillis(double seconds) {
        return Math.round(seconds * 1e9) / 1_000_000L;
    }

    private static void writeDurationExpr(StringBuilder b, DurationExpr d) {
        if (d.wrapped()) {
            b.append('(');
        }
        switch (d.op()) {
            case STEP -> b.append("step()");
            case RANGE -> b.append("range()");
            case MIN_OF, MAX_OF -> {
                b.append(d.op().symbol()).append('(');
                write(b, d.lhs());
                b.append(", ");
                write(b, d.rhs());
                b.append(')');
            }
            default -> {
                if (d.lhs() == null) {
                    if (d.op() == DurationExpr.Op.SUB) {
                        b.append('-');
                    }
                    write(b, d.rhs());
                } else {
                    write(b, d.lhs());
                    b.append(' ').append(d.op().symbol()).append(' ');
                    write(b, d.rhs());
                }
            }
        }
        if (d.wrapped()) {
            b.append(')');
        }
    }

    private static void writeMatching(StringBuilder b, VectorMatching vm) {
        if (vm == null) {
            return;
        }
        boolean grouped = vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
                || vm.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY;
        if (!vm.matchingLabels().isEmpty() || vm.on() || grouped) {
            b.append(vm.on() ? " on (" : " ignoring (");
            writeLabels(b, vm.matchingLabels());
            b.append(')');
        }
        if (grouped) {
            b.append(vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
            writeLabels(b, vm.include());
            b.append(')');
        }
        if (vm.hasFill()) {
            if (vm.fillLeft() != null && vm.fillRight() != null
                    && vm.fillLeft().doubleValue() == vm.fillRight().doubleValue()) {
                b.append(" fill (").append(formatGoDefault(vm.fillLeft())).append(')');
            } else {
                if (vm.fillLeft() != null) {
                    b.append(" fill_left (").append(formatGoDefault(vm.fillLeft())).append(')');
                }
                if (vm.fillRight() != null) {
                    b.append(" fill_right (").append(formatGoDefault(vm.fillRight())).append(')');
                }
            }
        }
    }

    private static void writeSelector(StringBuilder b, VectorSelector v, boolean withModifiers) {
        List<String> parts = new ArrayList<>(v.matchers().size());
        for (LabelMatcher m : v.matchers()) {
            if (m.name().equals(LabelMatcher.METRIC_NAME) && m.type() == LabelMatcher.Type.EQUAL
                    && m.value().equals(v.name()) && !m.value().isEmpty()) {
                continue;
            }
            parts.add(matcherString(m));
        }
        b.append(v.name());
        if (!parts.isEmpty()) {
            parts.sort(null);
            b.append('{').append(String.join(",", parts)).append('}');
        }
        if (!withModifiers) {
            return;
        }
        writeAt(b, v.atMillis(), v.atPreprocessor());
        if (v.anchored()) {
            b.append(" anchored");
        } else if (v.smoothed()) {
            b.append(" smoothed");
        }
        writeOffset(b, v.offsetMillis(), v.offsetExpr());
    }

    private static void writeAt(StringBuilder b, Long atMillis, AtPreprocessor pre) {
        if (atMillis != null) {
            b.append(" @ ").append(formatMillisAsSeconds(atMillis));
        } else if (pre == AtPreprocessor.START) {
            b.append(" @ start()");
        } else if (pre == AtPreprocessor.END) {
            b.append(" @ end()");
        }
    }

    private static void writeOffset(StringBuilder b, long millis, DurationExpr expr) {
        if (expr != null) {
            b.append(" offset ");
            write(b, expr);
        } else if (millis > 0) {
            b.append(" offset ").append(formatDuration(millis));
        } else if (millis < 0) {
            b.append(" offset -").append(formatDuration(-millis));
        }
    }

    private static String formatMillisAsSeconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    private static void writeLabels(StringBuilder b, List<String> labels) {
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            String l = labels.get(i);
            if (isLegacyLabelName(l)) {
                b.append(l);
            } else {
                quote(b, l);
            }
        }
    }

    /** {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    public static boolean isLegacyLabelName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A matcher as PromQL text: {@code name="value"}, quoting the name when it is not a legacy name. */
    public static String matcherString(LabelMatcher m) {
        StringBuilder b = new StringBuilder(m.name().length() + m.value().length() + 6);
        if (isLegacyLabelName(m.name())) {
            b.append(m.name());
        } else {
            quote(b, m.name());
        }
        b.append(m.type().symbol());
        quote(b, m.value());
        return b.toString();
    }

    private static final long[] UNIT_MILLIS = {MS_YEAR, MS_WEEK, MS_DAY, MS_HOUR, MS_MINUTE, MS_SECOND, 1};
    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    /**
     * Prometheus' duration text: units y, w, d, h, m, s, ms, largest first, zero amounts left out;
     * years and weeks are used only when they divide the whole duration exactly (so 8 days print as
     * {@code 8d}, not {@code 1w1d}); zero is {@code 0s}. {@code millis} must not be negative.
     */
    public static String formatDuration(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder(12);
        long rest = millis;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            long unit = UNIT_MILLIS[i];
            boolean wholeOnly = i < 2;
            if (wholeOnly && rest % unit != 0) {
                continue;
            }
            long amount = rest / unit;
            if (amount > 0) {
                b.append(amount).append(UNIT_NAMES[i]);
                rest -= amount * unit;
            }
        }
        return b.toString();
    }

    /** A float as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent. */
    public static String formatFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** A float as Go's {@code %v}: shortest digits, exponent form below 1e-4 or from 1e21. */
    public static String formatGoDefault(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return formatFloat(v);
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 21) {
            String digits = d.unscaledValue().abs().toString();
            StringBuilder b = new StringBuilder();
            if (v < 0) {
                b.append('-');
            }
            b.append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            b.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                b.append('0');
            }
            b.append(a);
            return b.toString();
        }
        return d.toPlainString();
    }

    /** Quotes {@code s} as Go's {@code strconv.Quote}. Surrogate-escaped raw bytes (U+DC80..U+DCFF) print as \xNN. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        quote(b, s);
        return b.toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0b -> b.append("\\v");
                default -> {
                    if (cp >= 0xDC80 && cp <= 0xDCFF) {
                        int by = cp - 0xDC00;
                        b.append("\\x").append(HEX[by >> 4]).append(HEX[by & 15]);
                    } else if (isPrint(cp)) {
                        b.appendCodePoint(cp);
                    } else if (cp < 0x80) {
                        b.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 15]);
                    } else if (cp < 0x10000) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", cp));
                    } else {
                        b.append(String.format(Locale.ROOT, "\\U%08x", cp));
                    }
                }
            }
        }
        b.append('"');
    }

    private static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        if (cp < 0x20 || cp == 0x7f) {
            return false;
        }
        int t = Character.getType(cp);
        return switch (t) {
            case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
