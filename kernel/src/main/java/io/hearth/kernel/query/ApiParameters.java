package io.hearth.kernel.query;

import io.hearth.kernel.config.PrometheusDuration;
import io.hearth.kernel.http.UrlEncodedForm;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a Prometheus API call, from the query string and, for POST, the form body,
 * as Prometheus merges them; with its parsing rules for times and limits.
 */
public final class ApiParameters {

    /** The earliest and latest times Prometheus accepts, as its API defaults use them. */
    static final long MIN_TIME = -9_223_372_036_854_775L;
    static final long MAX_TIME = 9_223_372_036_854_775L;
    /** Prometheus's earliest and latest API times in RFC 3339, as its answers and clients write them. */
    static final String MIN_TIME_TEXT = "-292273086-05-16T16:47:06Z";
    static final String MAX_TIME_TEXT = "292277025-08-18T07:12:54.999999999Z";

    private final Map<String, List<String>> query;
    private final Map<String, List<String>> form;
    private final String formError;

    /**
     * @param query the decoded query-string parameters
     * @param form the decoded form parameters of a POST, or null
     */
    ApiParameters(Map<String, List<String>> query, Map<String, List<String>> form) {
        this(query, form, null);
    }

    private ApiParameters(Map<String, List<String>> query, Map<String, List<String>> form, String formError) {
        this.query = query;
        this.form = form;
        this.formError = formError;
    }

    /**
     * The parameters of a request as Prometheus reads them (Go's {@code ParseForm}): the raw query
     * string's, and a POST body's when it {@link #declaresForm declares} a form. Pairs that do not
     * decode are left out ({@link UrlEncodedForm}); the fault that counts (the body's first) is
     * kept for {@link #requireWellFormed}.
     *
     * @param rawQuery the query string as sent, or null
     * @param contentType the request's Content-Type, or null
     * @param body a POST's whole body, or null for other methods
     */
    public static ApiParameters of(String rawQuery, String contentType, byte[] body) {
        UrlEncodedForm query = UrlEncodedForm.parse(rawQuery);
        UrlEncodedForm form = body != null && declaresForm(contentType) ? UrlEncodedForm.parse(body) : null;
        String error = form != null && form.error() != null ? form.error() : query.error();
        return new ApiParameters(query.values(), form == null ? null : form.values(), error);
    }

    /**
     * Refuses a request with a pair that did not decode, as Prometheus's series and rules
     * endpoints do; the others answer from the pairs that did.
     */
    public void requireWellFormed() {
        if (formError != null) {
            throw new PrometheusApiException("bad_data", "error parsing form values: " + formError);
        }
    }

    /**
     * Whether a POST body holds parameters, as Go's {@code ParseForm} decides for Prometheus: only
     * when its declared type is {@code application/x-www-form-urlencoded} (any case, any
     * parameters). A body of another type or of none is not refused; it just holds no parameters.
     *
     * @param contentType the request's Content-Type, or null
     */
    static boolean declaresForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return type.strip().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    /** @return every value of a parameter, form values first */
    public List<String> all(String name) {
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
    public String first(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * @return a time parameter in milliseconds: RFC 3339 or Unix seconds with decimals;
     *     {@code fallback} when absent or empty
     */
    long time(String name, long fallback) {
        String text = first(name);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return parseTime(text);
        } catch (IllegalArgumentException e) {
            throw PrometheusApiException.invalidParameter(name, "invalid time value for '" + name + "': " + e.getMessage());
        }
    }

    /** @return a time parameter that must be there (query_range's start and end), in milliseconds */
    long requiredTime(String name) {
        String text = first(name);
        try {
            return parseTime(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw PrometheusApiException.invalidParameter(name, e.getMessage());
        }
    }

    /** @throws IllegalArgumentException with Prometheus's message when the text is not a time */
    private static long parseTime(String text) {
        try {
            BigDecimal seconds = new BigDecimal(text);
            return seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (NumberFormatException | ArithmeticException notANumber) {
            // Prometheus's own boundary times, which clients send back as they got them (Go's time
            // parser, like Java's without a '+', reads no year past 9999)
            if (text.equals(MIN_TIME_TEXT)) {
                return MIN_TIME;
            }
            if (text.equals(MAX_TIME_TEXT)) {
                return MAX_TIME;
            }
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("cannot parse \"" + text + "\" to a valid timestamp");
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
            long limit = Long.parseLong(text); // Go's int: 64 bits
            if (limit < 0) {
                throw PrometheusApiException.invalidParameter("limit", "limit must be non-negative");
            }
            return (int) Math.min(limit, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw PrometheusApiException.invalidParameter("limit", atoiError(text));
        }
    }

    /**
     * @return the metadata endpoint's {@code limit} or {@code limit_per_metric}: -1 when absent,
     *     else the number, negative meaning no limit
     */
    long metadataLimit(String name) {
        String text = first(name);
        if (text == null || text.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new PrometheusApiException("bad_data", name + " must be a number");
        }
    }

    /** Go's strconv.Atoi error for a text that is not a (64-bit) whole number. */
    private static String atoiError(String text) {
        boolean digits = text.matches("[+-]?[0-9]+");
        return "strconv.Atoi: parsing \"" + text + "\": " + (digits ? "value out of range" : "invalid syntax");
    }
}
