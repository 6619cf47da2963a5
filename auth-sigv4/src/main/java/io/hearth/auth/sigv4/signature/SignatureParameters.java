package io.hearth.auth.sigv4.signature;

import io.hearth.spi.auth.AuthenticationException;
import io.hearth.spi.auth.RequestView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a request says about its own signature, read from the {@code Authorization} header or from
 * the {@code X-Amz-*} query parameters of a presigned URL. Only the shape is checked here; the
 * verifier checks scope, time, credential and signature.
 *
 * @param presigned whether the signature came in the query string
 * @param accessKeyId the access key id of the credential scope
 * @param scopeDate the date of the credential scope, {@code yyyyMMdd}
 * @param region the region of the credential scope
 * @param service the service of the credential scope
 * @param terminator the last element of the credential scope, {@code aws4_request} when valid
 * @param signedHeaders the signed header names, lower-case, as listed
 * @param signature the signature, as sent
 * @param amzDate the request time in ISO 8601 basic format, as it enters the string to sign
 * @param requestTime the same time as an instant
 * @param dateSource where the time came from: {@code X-Amz-Date} or {@code Date}
 * @param expiresSeconds how long a presigned URL is valid, {@code -1} for a header signature
 * @param securityToken the {@code X-Amz-Security-Token}, or {@code null}
 */
public record SignatureParameters(
        boolean presigned,
        String accessKeyId,
        String scopeDate,
        String region,
        String service,
        String terminator,
        List<String> signedHeaders,
        String signature,
        String amzDate,
        Instant requestTime,
        String dateSource,
        long expiresSeconds,
        String securityToken) {

    static final String QUERY_ALGORITHM = "X-Amz-Algorithm";
    static final String QUERY_CREDENTIAL = "X-Amz-Credential";
    static final String QUERY_DATE = "X-Amz-Date";
    static final String QUERY_EXPIRES = "X-Amz-Expires";
    static final String QUERY_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    static final String QUERY_SIGNATURE = "X-Amz-Signature";
    static final String QUERY_SECURITY_TOKEN = "X-Amz-Security-Token";
    static final String HEADER_SECURITY_TOKEN = "x-amz-security-token";

    /** The longest a presigned URL may be valid: seven days. */
    static final long MAX_EXPIRES_SECONDS = 604_800;

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    public SignatureParameters {
        signedHeaders = List.copyOf(signedHeaders);
    }

    /** @return the credential scope without the access key id: {@code date/region/service/terminator} */
    public String scope() {
        return scopeDate + '/' + region + '/' + service + '/' + terminator;
    }

    /**
     * Reads the signature parameters of a request.
     *
     * @param request the request
     * @return empty when the request carries no SigV4 material at all
     * @throws AuthenticationException when SigV4 material is present but incomplete or malformed
     */
    public static Optional<SignatureParameters> read(RequestView request) throws AuthenticationException {
        String authorization = request.header("authorization");
        boolean headerAuth = authorization != null && authorization.startsWith("AWS4-");
        Map<String, List<String>> query = authQueryParameters(request.rawQuery());
        boolean queryAuth = query.containsKey(QUERY_ALGORITHM) || query.containsKey(QUERY_CREDENTIAL)
                || query.containsKey(QUERY_SIGNATURE) || query.containsKey(QUERY_SIGNED_HEADERS);
        if (headerAuth && queryAuth) {
            throw SignatureErrors.incomplete("Only one auth mechanism allowed; only the X-Amz-Algorithm query"
                    + " parameter or the Authorization header should be specified");
        }
        if (headerAuth) {
            return Optional.of(fromHeader(authorization, request));
        }
        if (queryAuth) {
            return Optional.of(fromQuery(query));
        }
        if (request.header(HEADER_SECURITY_TOKEN) != null || query.containsKey(QUERY_SECURITY_TOKEN)) {
            throw SignatureErrors.missingAuthenticationToken();
        }
        return Optional.empty();
    }

    private static SignatureParameters fromHeader(String authorization, RequestView request)
            throws AuthenticationException {
        int space = authorization.indexOf(' ');
        String algorithm = space < 0 ? authorization : authorization.substring(0, space);
        if (!algorithm.equals(CanonicalRequest.ALGORITHM)) {
            throw SignatureErrors.incomplete("Unsupported AWS 'algorithm': '" + algorithm + "'");
        }
        Map<String, String> components = new LinkedHashMap<>();
        String rest = space < 0 ? "" : authorization.substring(space + 1);
        for (String part : rest.split(",")) {
            String trimmed = part.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw SignatureErrors.incomplete("Authorization header component '" + trimmed
                        + "' is not of the form name=value");
            }
            String name = trimmed.substring(0, eq);
            if (!name.equals("Credential") && !name.equals("SignedHeaders") && !name.equals("Signature")) {
                throw SignatureErrors.incomplete("Authorization header has an unknown component '" + name + "'");
            }
            if (components.put(name, trimmed.substring(eq + 1)) != null) {
                throw SignatureErrors.incomplete("Authorization header has the component '" + name + "' twice");
            }
        }
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (components.getOrDefault(required, "").isEmpty()) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        if (!missing.isEmpty()) {
            throw SignatureErrors.incomplete(missing.toString().strip());
        }
        String amzDate;
        Instant time;
        String source;
        String xAmzDate = request.header("x-amz-date");
        if (xAmzDate != null) {
            amzDate = xAmzDate.strip();
            time = parseAmzDate(amzDate);
            source = "X-Amz-Date";
        } else {
            String date = request.header("date");
            if (date == null) {
                throw SignatureErrors.incomplete(
                        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
            }
            try {
                time = DateTimeFormatter.RFC_1123_DATE_TIME.parse(date.strip(), Instant::from);
            } catch (DateTimeParseException e) {
                throw SignatureErrors.incomplete("Date header must be an RFC 1123 date. Got '" + date + "'.");
            }
            amzDate = AMZ_DATE.format(time);
            source = "Date";
        }
        return build(false, components.get("Credential"), components.get("SignedHeaders"),
                components.get("Signature"), amzDate, time, source, -1, request.header(HEADER_SECURITY_TOKEN));
    }

    private static SignatureParameters fromQuery(Map<String, List<String>> query) throws AuthenticationException {
        for (String name : List.of(QUERY_ALGORITHM, QUERY_CREDENTIAL, QUERY_SIGNATURE, QUERY_SIGNED_HEADERS,
                QUERY_DATE)) {
            if (!query.containsKey(name)) {
                throw SignatureErrors.incomplete("AWS query-string parameters must include 'X-Amz-Algorithm',"
                        + " 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'."
                        + " Re-examine the query-string parameters.");
            }
        }
        for (Map.Entry<String, List<String>> entry : query.entrySet()) {
            if (entry.getValue().size() > 1) {
                throw SignatureErrors.incomplete("The query-string parameter '" + entry.getKey() + "' is repeated.");
            }
        }
        String algorithm = query.get(QUERY_ALGORITHM).get(0);
        if (!algorithm.equals(CanonicalRequest.ALGORITHM)) {
            throw SignatureErrors.incomplete("Unsupported AWS 'algorithm': '" + algorithm + "'");
        }
        if (!query.containsKey(QUERY_EXPIRES)) {
            throw SignatureErrors.incomplete("A presigned request requires the 'X-Amz-Expires' query-string parameter.");
        }
        String expiresText = query.get(QUERY_EXPIRES).get(0);
        long expires;
        try {
            expires = Long.parseLong(expiresText);
        } catch (NumberFormatException e) {
            expires = -1;
        }
        if (expires < 1 || expires > MAX_EXPIRES_SECONDS || !expiresText.chars().allMatch(Character::isDigit)) {
            throw SignatureErrors.incomplete("X-Amz-Expires must be a whole number of seconds from 1 to "
                    + MAX_EXPIRES_SECONDS + " (a week); got '" + expiresText + "'.");
        }
        String amzDate = query.get(QUERY_DATE).get(0);
        List<String> token = query.get(QUERY_SECURITY_TOKEN);
        return build(true, query.get(QUERY_CREDENTIAL).get(0), query.get(QUERY_SIGNED_HEADERS).get(0),
                query.get(QUERY_SIGNATURE).get(0), amzDate, parseAmzDate(amzDate), "X-Amz-Date", expires,
                token == null ? null : token.get(0));
    }

    private static SignatureParameters build(
            boolean presigned,
            String credential,
            String signedHeaderList,
            String signature,
            String amzDate,
            Instant time,
            String dateSource,
            long expires,
            String securityToken)
            throws AuthenticationException {
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty()) {
            throw SignatureErrors.incomplete("Credential should have exactly 5 slash-delimited elements, e.g."
                    + " keyid/date/region/service/term, got '" + credential + "'");
        }
        List<String> signedHeaders = new ArrayList<>();
        for (String name : signedHeaderList.split(";", -1)) {
            String lower = name.strip().toLowerCase(Locale.ROOT);
            if (lower.isEmpty()) {
                throw SignatureErrors.incomplete("SignedHeaders must be a ';'-separated list of header names, got '"
                        + signedHeaderList + "'");
            }
            signedHeaders.add(lower);
        }
        if (signature.isEmpty()) {
            throw SignatureErrors.incomplete("The signature is empty.");
        }
        return new SignatureParameters(presigned, scope[0], scope[1], scope[2], scope[3], scope[4], signedHeaders,
                signature, amzDate, time, dateSource, expires, securityToken);
    }

    private static Instant parseAmzDate(String amzDate) throws AuthenticationException {
        try {
            return AMZ_DATE.parse(amzDate, Instant::from);
        } catch (DateTimeParseException e) {
            throw SignatureErrors.incomplete("Date must be in ISO-8601 'basic format'. Got '" + amzDate
                    + "'. Expected a form like 20150830T123600Z.");
        }
    }

    /** Formats an instant the way {@code X-Amz-Date} writes it. */
    static String formatAmzDate(Instant instant) {
        return AMZ_DATE.format(instant);
    }

    /** The decoded query parameters whose names start with {@code X-Amz-}, all values kept. */
    private static Map<String, List<String>> authQueryParameters(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || !rawQuery.contains("X-Amz-")) {
            return out;
        }
        for (QueryParameter parameter : QueryParameter.parse(rawQuery)) {
            if (parameter.name().startsWith("X-Amz-")) {
                out.computeIfAbsent(parameter.name(), k -> new ArrayList<>()).add(parameter.value());
            }
        }
        return out;
    }
}
