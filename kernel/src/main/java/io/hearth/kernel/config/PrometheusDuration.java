package io.hearth.kernel.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in Prometheus's syntax ({@code model.ParseDuration}): whole numbers with units from
 * the largest to the smallest, each unit at most once ({@code 1h30m}, {@code 90s}, {@code 1w2d},
 * {@code 500ms}), or a bare {@code 0}. A year is 365 days, a week 7.
 */
public final class PrometheusDuration {

    private static final Pattern SYNTAX = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3_600_000, 7L * 24 * 3_600_000, 24L * 3_600_000, 3_600_000, 60_000, 1_000, 1};

    private PrometheusDuration() {
    }

    /**
     * @param text the duration
     * @return it in milliseconds, or -1 when it is not a valid duration (empty, bad syntax, or
     *     beyond what a signed 64-bit count of nanoseconds holds, as Prometheus refuses it)
     */
    public static long parseMillis(String text) {
        if (text.equals("0")) {
            return 0;
        }
        if (text.isEmpty()) {
            return -1;
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return -1;
        }
        long millis = 0;
        for (int unit = 0; unit < UNIT_MILLIS.length; unit++) {
            String digits = m.group(unit + 1);
            if (digits == null) {
                continue;
            }
            try {
                millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(digits), UNIT_MILLIS[unit]));
            } catch (NumberFormatException | ArithmeticException e) {
                return -1;
            }
        }
        return millis > Long.MAX_VALUE / 1_000_000 ? -1 : millis;
    }
}
