package io.hearth.plugins.rules.template;

import java.util.List;

/**
 * A Go {@code time.Duration} (nanoseconds), as {@code toDuration} returns it; prints as Go does
 * ({@code 30m0s}, {@code 1.5s}, {@code 100ms}).
 *
 * @param nanos the length in nanoseconds
 */
public record GoDuration(long nanos) implements GoObject {

    @Override
    public String goType() {
        return "*time.Duration";
    }

    @Override
    public Object select(String name, List<Object> args) {
        return switch (name) {
            case "String" -> toString();
            case "Seconds" -> nanos / 1e9;
            case "Minutes" -> nanos / 6e10;
            case "Hours" -> nanos / 3.6e12;
            case "Milliseconds" -> nanos / 1_000_000L;
            case "Nanoseconds" -> nanos;
            default -> throw new TemplateException.Failure("can't evaluate field " + name + " in type *time.Duration");
        };
    }

    /** Go's {@code Duration.String}. */
    @Override
    public String toString() {
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        // Long.MIN_VALUE has no positive counterpart; work on the unsigned magnitude.
        long u = negative ? -nanos : nanos;
        StringBuilder sb = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            String unit;
            int precision;
            if (u < 1000) {
                return (negative ? "-" : "") + u + "ns";
            } else if (u < 1_000_000) {
                unit = "µs";
                precision = 3;
            } else {
                unit = "ms";
                precision = 6;
            }
            sb.append(fraction(u, precision)).append(unit);
        } else {
            long seconds = Long.divideUnsigned(u, 1_000_000_000L);
            long frac = Long.remainderUnsigned(u, 1_000_000_000L);
            long hours = seconds / 3600;
            long minutes = seconds / 60 % 60;
            long secs = seconds % 60;
            if (hours > 0) {
                sb.append(hours).append('h');
            }
            if (hours > 0 || minutes > 0) {
                sb.append(minutes).append('m');
            }
            sb.append(secs);
            appendFraction(sb, frac, 9);
            sb.append('s');
        }
        return (negative ? "-" : "") + sb;
    }

    private static String fraction(long value, int digits) {
        long scale = (long) Math.pow(10, digits);
        StringBuilder sb = new StringBuilder().append(value / scale);
        appendFraction(sb, value % scale, digits);
        return sb.toString();
    }

    private static void appendFraction(StringBuilder sb, long frac, int digits) {
        if (frac == 0) {
            return;
        }
        String s = String.format("%0" + digits + "d", frac);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') {
            end--;
        }
        sb.append('.').append(s, 0, end);
    }
}
