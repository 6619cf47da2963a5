package io.hearth.plugins.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prometheus's names for OTLP metrics and attributes, with the default naming of Prometheus 3
 * (underscore escaping with suffixes): the name's runs of characters outside {@code [a-zA-Z0-9:]}
 * become single underscores, the unit is spelled out and appended ({@code s} gives
 * {@code _seconds}, {@code By/s} {@code _bytes_per_second}, {@code {requests}} nothing), monotonic
 * counters end in {@code _total} and gauges of unit {@code 1} in {@code _ratio}.
 */
final class PrometheusNames {

    /**
     * What a metric is, which decides its suffixes: {@code _total} for counters, {@code _ratio}
     * for gauges of unit {@code 1} (not for non-monotonic sums, though both are Prometheus gauges).
     */
    enum Kind {
        GAUGE, COUNTER, NON_MONOTONIC_SUM, HISTOGRAM, SUMMARY
    }

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
            Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
            Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"),
            Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"), Map.entry("KBy", "kilobytes"),
            Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"),
            Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"),
            Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"),
            Map.entry("1", ""), Map.entry("%", "percent"));

    private static final Map<String, String> PER_UNITS = Map.of("s", "second", "m", "minute", "h", "hour", "d", "day",
            "w", "week", "mo", "month", "y", "year");

    private PrometheusNames() {
    }

    /**
     * @param name the OTLP metric name
     * @param unit the OTLP unit (UCUM), possibly empty
     * @param kind what the metric becomes
     * @return the Prometheus metric family name (before {@code _bucket}, {@code _sum} and
     *     {@code _count}); empty when nothing of the name is left
     */
    static String metricName(String name, String unit, Kind kind) {
        List<String> tokens = tokens(name);
        String[] units = unitTokens(unit);
        if (!units[0].isEmpty() && !tokens.contains(units[0])) {
            tokens.add(units[0]);
        }
        if (!units[1].isEmpty() && !containsPair(tokens, "per", units[1])) {
            tokens.add("per");
            tokens.add(units[1]);
        }
        if (kind == Kind.COUNTER) {
            tokens.removeIf("total"::equals);
            tokens.add("total");
        }
        if (kind == Kind.GAUGE && unit.equals("1")) {
            tokens.removeIf("ratio"::equals);
            tokens.add("ratio");
        }
        String joined = String.join("_", tokens);
        return !joined.isEmpty() && isDigit(joined.charAt(0)) ? "_" + joined : joined;
    }

    /**
     * @param unit an OTLP unit
     * @return the unit as Prometheus metadata spells it, e.g. {@code bytes_per_second}, or empty
     */
    static String unit(String unit) {
        String[] units = unitTokens(unit);
        if (units[1].isEmpty()) {
            return units[0];
        }
        return units[0].isEmpty() ? "per_" + units[1] : units[0] + "_per_" + units[1];
    }

    /**
     * @param key an attribute key
     * @return a valid Prometheus label name: each character (code point) outside
     *     {@code [a-zA-Z0-9_]} becomes an underscore, a leading digit gets {@code key_} in front and
     *     a single leading underscore {@code key}; empty, meaning no label, for an empty key or one
     *     that leaves nothing but underscores
     */
    static String labelName(String key) {
        StringBuilder b = new StringBuilder(key.length() + 4);
        boolean onlyUnderscores = true;
        for (int i = 0; i < key.length(); i += Character.charCount(key.codePointAt(i))) {
            int c = key.codePointAt(i);
            boolean kept = c < 128 && (isLetter((char) c) || isDigit((char) c) || c == '_');
            b.append(kept ? (char) c : '_');
            onlyUnderscores &= !kept || c == '_';
        }
        if (b.isEmpty() || (onlyUnderscores && b.length() > 1)) {
            return "";
        }
        if (isDigit(b.charAt(0))) {
            b.insert(0, "key_");
        } else if (b.charAt(0) == '_' && (b.length() == 1 || b.charAt(1) != '_')) {
            b.insert(0, "key");
        }
        return b.toString();
    }

    /** @return the main unit word and the per unit word, each cleaned, either possibly empty */
    private static String[] unitTokens(String unit) {
        int slash = unit.indexOf('/');
        String main = (slash < 0 ? unit : unit.substring(0, slash)).strip();
        String per = slash < 0 ? "" : unit.substring(slash + 1).strip();
        String mainWord = main.isEmpty() || hasBraces(main) ? "" : clean(UNITS.getOrDefault(main, main));
        String perWord = per.isEmpty() || hasBraces(per) ? "" : clean(PER_UNITS.getOrDefault(per, per));
        return new String[] {mainWord, perWord};
    }

    private static boolean hasBraces(String s) {
        return s.indexOf('{') >= 0 || s.indexOf('}') >= 0;
    }

    /** @return the runs of {@code [a-zA-Z0-9:]} in the text, joined by single underscores */
    private static String clean(String text) {
        return String.join("_", tokens(text));
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean kept = i < text.length() && isMetricChar(text.charAt(i));
            if (kept && start < 0) {
                start = i;
            } else if (!kept && start >= 0) {
                tokens.add(text.substring(start, i));
                start = -1;
            }
        }
        return tokens;
    }

    private static boolean containsPair(List<String> tokens, String first, String second) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).equals(first) && tokens.get(i + 1).equals(second)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMetricChar(char c) {
        return isLetter(c) || isDigit(c) || c == ':';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
