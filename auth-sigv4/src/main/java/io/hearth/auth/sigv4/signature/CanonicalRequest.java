package io.hearth.auth.sigv4.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Builds the SigV4 canonical request and string to sign, the way AWS defines them for services
 * other than S3:
 *
 * <pre>
 * METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 * </pre>
 *
 * <ul>
 *   <li>CanonicalURI: the raw path with dot segments and empty segments removed, then
 *       percent-encoded once more (so {@code %20} in the path becomes {@code %2520}).
 *   <li>CanonicalQuery: every parameter decoded, re-encoded with RFC 3986 rules, sorted by name
 *       then value, joined with {@code &}; a presigned request leaves out {@code X-Amz-Signature}.
 *   <li>CanonicalHeaders: each signed header as {@code name:value\n}, names lower-case and
 *       sorted, values trimmed with inner runs of spaces and tabs collapsed to one space, repeated
 *       headers joined with {@code ,}.
 * </ul>
 */
public final class CanonicalRequest {

    /** The only algorithm accepted. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private static final HexFormat HEX = HexFormat.of();

    private CanonicalRequest() {}

    /**
     * @param method the HTTP method
     * @param rawPath the path as sent
     * @param rawQuery the query as sent, without {@code ?}
     * @param headers the request's headers, names lower-case
     * @param signedHeaders the signed header names, lower-case
     * @param payloadHash the hex SHA-256 of the body, or {@code UNSIGNED-PAYLOAD}
     * @param presigned whether the signature travels in the query (then {@code X-Amz-Signature} is left out)
     * @return the canonical request
     */
    public static String build(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            List<String> signedHeaders,
            String payloadHash,
            boolean presigned) {
        List<String> sortedNames = new ArrayList<>(signedHeaders);
        sortedNames.sort(Comparator.naturalOrder());
        StringBuilder out = new StringBuilder(512);
        out.append(method).append('\n');
        out.append(canonicalUri(rawPath)).append('\n');
        out.append(canonicalQuery(rawQuery, presigned)).append('\n');
        for (String name : sortedNames) {
            out.append(name).append(':').append(canonicalHeaderValue(headers.get(name))).append('\n');
        }
        out.append('\n');
        out.append(String.join(";", sortedNames)).append('\n');
        out.append(payloadHash);
        return out.toString();
    }

    /**
     * @param amzDate the request time in ISO 8601 basic format, {@code yyyyMMdd'T'HHmmss'Z'}
     * @param scope {@code date/region/service/aws4_request}
     * @param canonicalRequest the canonical request
     * @return the string to sign
     */
    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The canonical URI: dot and empty segments removed, then every byte but unreserved ones and {@code /} encoded. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        StringBuilder path = new StringBuilder(rawPath.length() + 8);
        if (rawPath.charAt(0) == '/') {
            path.append('/');
        }
        path.append(String.join("/", segments));
        if (rawPath.charAt(rawPath.length() - 1) == '/' && !segments.isEmpty()) {
            path.append('/');
        }
        if (path.isEmpty()) {
            return "/";
        }
        return PercentEncoding.encode(path.toString(), true);
    }

    /** The canonical query: decoded, re-encoded, sorted by name then value. */
    static String canonicalQuery(String rawQuery, boolean presigned) {
        List<String[]> pairs = new ArrayList<>();
        for (QueryParameter parameter : QueryParameter.parse(rawQuery)) {
            if (presigned && parameter.name().equals(SignatureParameters.QUERY_SIGNATURE)) {
                continue;
            }
            pairs.add(new String[] {
                PercentEncoding.encode(parameter.name(), false), PercentEncoding.encode(parameter.value(), false)
            });
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    /** Values trimmed, inner runs of spaces and tabs collapsed to one space, joined with {@code ,}. */
    static String canonicalHeaderValue(List<String> values) {
        if (values == null || values.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int v = 0; v < values.size(); v++) {
            if (v > 0) {
                out.append(',');
            }
            String value = values.get(v);
            boolean pendingSpace = false;
            boolean started = false;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    pendingSpace = started;
                } else {
                    if (pendingSpace) {
                        out.append(' ');
                        pendingSpace = false;
                    }
                    out.append(c);
                    started = true;
                }
            }
        }
        return out.toString();
    }

    /** @return the lower-case hex SHA-256 of {@code bytes} */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
