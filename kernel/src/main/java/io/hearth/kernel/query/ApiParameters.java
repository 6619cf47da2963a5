package io.hearth.kernel.query;

import io.hearth.kernel.config.PrometheusDuration;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringTokenizer;

/**
 * The parameters of a Prometheus API call, from the query string and, for POST, the form body,
 * as Prometheus merges them; with its parsing rules for times and limits.
 */
final class ApiParameters {

    /** The earliest and latest times Prometheus accepts, as its API defaults use them. */
    static final long MIN_TIME = -9_223_372_036_854_775L;
    static final long MAX_TIME = 9_223_372_036_854_775L;
    /** Prometheus's earliest and latest API times in RFC 3339, as its answers and clients write them. */
    static final String MIN_TIME_TEXT = "-292273086-05-16T16:47:06Z";
    static final String MAX_TIME_TEXT = "292277025-08-18T07:12:54.999999999Z";

    private final Map<String, List<String>> query;
    private final Map<String, List<String>> form;

    /**
     * @param query the decoded query-string parameters (JAX-RS's are a {@code MultivaluedMap})
     * @param form the decoded form parameters of a POST, or null
     */
    ApiParameters(Map<String, List<String>> query, Map<String, List<String>> form) {
        this.query = query;
        this.form = form;
    }

    /**
     * Decodes a raw query string as JAX-RS does for {@code UriInfo.getQueryParameters()}: pairs
     * split at {@code &}, UTF-8 percent-decoding with {@code +} as a space, a name without
     * {@code =} kept with an empty value, an empty name dropped.
     *
     * @param raw the query as sent, or null
     * @return the parameters by name, in order
     * @throws IllegalArgumentException on a malformed percent escape
     */
    static Map<String, List<String>> queryString(String raw) {
        Map<String, List<String>> parameters = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                add(parameters, decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            } else if (equals < 0 && !pair.isEmpty()) {
                add(parameters, decode(pair, StandardCharsets.UTF_8), "");
            }
        }
        return parameters;
    }

    /**
     * Decodes an {@code application/x-www-form-urlencoded} body as Jersey's form reader does:
     * the text in the declared charset (UTF-8 when none), pairs split at {@code &}, a name
     * without {@code =} kept with a null value, an empty name dropped.
     *
     * @param body the whole body
     * @param charset the charset parameter of the content type, or null
     * @return the parameters by name, in order
     * @throws IllegalArgumentException on a malformed percent escape or an unknown charset
     */
    static Map<String, List<String>> form(byte[] body, String charset) {
        Charset decoding = charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset);
        Map<String, List<String>> parameters = new HashMap<>();
        StringTokenizer pairs = new StringTokenizer(new String(body, decoding), "&");
        while (pairs.hasMoreTokens()) {
            String pair = pairs.nextToken();
            int equals = pair.indexOf('=');
            if (equals < 0) {
                add(parameters, decode(pair, decoding), null);
            } else if (equals > 0) {
                add(parameters, decode(pair.substring(0, equals), decoding), decode(pair.substring(equals + 1), decoding));
            }
        }
        return parameters;
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

    /**
     * The parameters of a POST body: its form when {@link #declaresForm declared} one, else none.
     *
     * @param contentType the request's Content-Type, or null
     * @param body the whole body
     * @return the form's parameters, or null when the body holds none
     * @throws IllegalArgumentException when a declared form does not decode
     */
    static Map<String, List<String>> postForm(String contentType, byte[] body) {
        return declaresForm(contentType) ? form(body, charset(contentType)) : null;
    }

    /** @return the charset parameter of a content type, unquoted, or null */
    private static String charset(String contentType) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.regionMatches(true, 0, "charset=", 0, 8)) {
                String value = parameter.substring(8).strip();
                return value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static String decode(String text, Charset charset) {
        return URLDecoder.decode(text, charset);
    }

    private static void add(Map<String, List<String>> parameters, String name, String value) {
        parameters.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
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
