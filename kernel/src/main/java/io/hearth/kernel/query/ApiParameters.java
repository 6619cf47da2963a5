package io.hearth.kernel.query;

import io.hearth.kernel.config.PrometheusDuration;
import jakarta.ws.rs.core.MultivaluedMap;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a Prometheus API call, from the query string and, for POST, the form body,
 * as Prometheus merges them; with its parsing rules for times and limits.
 */
final class ApiParameters {

    /** The earliest and latest times Prometheus accepts, as its API defaults use them. */
    static final long MIN_TIME = -9_223_372_036_854_775L;
    static final long MAX_TIME = 9_223_372_036_854_775L;

    private final MultivaluedMap<String, String> query;
    private final MultivaluedMap<String, String> form;

    ApiParameters(MultivaluedMap<String, String> query, MultivaluedMap<String, String> form) {
        this.query = query;
        this.form = form;
    }

    /** @return every value of a parameter, form values first */
    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        if (form != null && form.get(name) != null) {
            values.addAll(form.get(name));
        }
        if (query.get(name) != null) {
            values.addAll(query.get(name));
        }
        return values;
    }

    /** @return the first value, or null */
    String first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** @return a time parameter in milliseconds: RFC 3339 or Unix seconds with decimals */
    long time(String name, long fallback) {
        String text = first(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            BigDecimal seconds = new BigDecimal(text);
            return seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (NumberFormatException | ArithmeticException notANumber) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw PrometheusApiException.invalidParameter(name, "cannot parse \"" + text + "\" to a valid timestamp");
            }
        }
    }

    /**
     * @return a duration parameter in milliseconds: float seconds, or a Prometheus duration such
     *     as {@code 1h30m} or {@code 15s}; {@code fallback} when absent
     */
    long duration(String name, long fallback) {
        String text = first(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return new BigDecimal(text).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (NumberFormatException | ArithmeticException notSeconds) {
            long millis = parseDuration(text);
            if (millis < 0) {
                throw PrometheusApiException.invalidParameter(name, "cannot parse \"" + text + "\" to a valid duration");
            }
            return millis;
        }
    }

    /** @return milliseconds, or -1 when the text is not a duration in Prometheus's syntax */
    static long parseDuration(String text) {
        return PrometheusDuration.parseMillis(text);
    }

    /** @return a whole-number parameter, or 0 when absent */
    long count(String name) {
        String text = first(name);
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw PrometheusApiException.invalidParameter(name, "must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw PrometheusApiException.invalidParameter(name, "cannot parse \"" + text + "\" to a whole number");
        }
    }

    /** @return the limit parameter, 0 meaning none */
    int limit() {
        String text = first("limit");
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit < 0) {
                throw PrometheusApiException.invalidParameter("limit", "limit must be non-negative");
            }
            return limit;
        } catch (NumberFormatException e) {
            throw PrometheusApiException.invalidParameter("limit", "cannot parse \"" + text + "\" to a valid limit");
        }
    }
}
