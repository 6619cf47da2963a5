package io.hearth.plugins.rules.template;

/**
 * Prometheus's {@code humanize}, {@code humanize1024} and {@code humanizeDuration}: four
 * significant digits ({@code %.4g}) with SI, binary or time units.
 */
final class Humanize {

    private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
    private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
    private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

    private Humanize() {
    }

    /** {@code humanize}: 1234567 → {@code 1.235M}, 0.12 → {@code 120m}. */
    static String si(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFloat.format(v, 'g', 4);
        }
        String prefix = "";
        if (Math.abs(v) >= 1) {
            for (String p : BIG) {
                if (Math.abs(v) < 1000) {
                    break;
                }
                prefix = p;
                v /= 1000;
            }
        } else {
            for (String p : SMALL) {
                if (Math.abs(v) >= 1) {
                    break;
                }
                prefix = p;
                v *= 1000;
            }
        }
        return GoFloat.format(v, 'g', 4) + prefix;
    }

    /** {@code humanize1024}: 1048576 → {@code 1Mi}; values up to 1 in magnitude are left as they are. */
    static String binary(double v) {
        if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFloat.format(v, 'g', 4);
        }
        String prefix = "";
        for (String p : BINARY) {
            if (Math.abs(v) < 1024) {
                break;
            }
            prefix = p;
            v /= 1024;
        }
        return GoFloat.format(v, 'g', 4) + prefix;
    }

    /** {@code humanizeDuration}: seconds as {@code 1d 1h 0m 0s}, {@code 1.234s} or {@code 100ms}. */
    static String duration(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFloat.format(v, 'g', 4);
        }
        if (v == 0) {
            return GoFloat.format(v, 'g', 4) + "s";
        }
        if (Math.abs(v) >= 1) {
            String sign = "";
            if (v < 0) {
                sign = "-";
                v = -v;
            }
            long total = (long) v;
            long seconds = total % 60;
            long minutes = total / 60 % 60;
            long hours = total / 3600 % 24;
            long days = total / 86400;
            if (days != 0) {
                return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (hours != 0) {
                return sign + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (minutes != 0) {
                return sign + minutes + "m " + seconds + "s";
            }
            return sign + GoFloat.format(v, 'g', 4) + "s";
        }
        String prefix = "";
        for (String p : SMALL) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return GoFloat.format(v, 'g', 4) + prefix + "s";
    }
}
