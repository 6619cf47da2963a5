package io.hearth.plugins.notifier;

import java.time.Duration;

/** Parses durations written as Prometheus writes them: {@code 10s}, {@code 100ms}, {@code 1m30s}, {@code 2h}. */
final class PrometheusDuration {

    private PrometheusDuration() {
    }

    /**
     * @param text one or more number-unit pairs, units {@code ms s m h d w y} in decreasing order
     * @return the duration
     * @throws IllegalArgumentException if the text is not such a duration
     */
    static Duration parse(String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text);
        }
        long totalMillis = 0;
        int lastRank = Integer.MAX_VALUE;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 12) {
                throw invalid(text);
            }
            long number = Long.parseLong(s, start, i, 10);
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            int rank;
            long unitMillis;
            switch (unit) {
                case "y" -> { rank = 6; unitMillis = 365L * 24 * 3_600_000; }
                case "w" -> { rank = 5; unitMillis = 7L * 24 * 3_600_000; }
                case "d" -> { rank = 4; unitMillis = 24L * 3_600_000; }
                case "h" -> { rank = 3; unitMillis = 3_600_000; }
                case "m" -> { rank = 2; unitMillis = 60_000; }
                case "s" -> { rank = 1; unitMillis = 1_000; }
                case "ms" -> { rank = 0; unitMillis = 1; }
                default -> throw invalid(text);
            }
            if (rank >= lastRank) {
                throw invalid(text);
            }
            lastRank = rank;
            totalMillis = Math.addExact(totalMillis, Math.multiplyExact(number, unitMillis));
        }
        return Duration.ofMillis(totalMillis);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("not a duration: '" + text + "' (write it as 10s, 500ms, 1m30s, 2h)");
    }
}
