package io.hearth.auth.sigv4.signature;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Signs a request with SigV4 headers, for Hearth's own clients (the {@code bin/hearth admin}
 * command). It shares the canonical request with {@link SigV4Verifier}, so what it signs is what
 * the server checks; interoperability with AWS's own signers is tested against botocore.
 */
public final class SigV4Signer {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    private SigV4Signer() {}

    /**
     * @param method the HTTP method
     * @param host the Host header value, e.g. {@code 127.0.0.1:9009}
     * @param rawPath the path as it will be sent
     * @param rawQuery the query as it will be sent, without {@code ?}; empty for none
     * @param body the body bytes
     * @param accessKeyId the key id
     * @param secretAccessKey the secret
     * @param sessionToken the session token of temporary credentials, or null
     * @param region the region of the credential scope
     * @param service the service of the credential scope
     * @param now the signing time
     * @return the headers to add: {@code x-amz-date}, {@code x-amz-content-sha256}, optionally
     *     {@code x-amz-security-token}, and {@code authorization}
     */
    public static Map<String, String> sign(String method, String host, String rawPath, String rawQuery, byte[] body,
            String accessKeyId, String secretAccessKey, String sessionToken, String region, String service,
            ZonedDateTime now) {
        String amzDate = AMZ_DATE.format(now.withZoneSameInstant(ZoneOffset.UTC));
        String date = amzDate.substring(0, 8);
        String payloadHash = CanonicalRequest.sha256Hex(body);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of(host));
        headers.put("x-amz-content-sha256", List.of(payloadHash));
        headers.put("x-amz-date", List.of(amzDate));
        if (sessionToken != null) {
            headers.put("x-amz-security-token", List.of(sessionToken));
        }
        List<String> signed = new ArrayList<>(headers.keySet());
        String canonical = CanonicalRequest.build(method, rawPath, rawQuery, headers, signed, payloadHash, false);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = CanonicalRequest.stringToSign(amzDate, scope, canonical);
        byte[] key = SigningKeys.derive(secretAccessKey, date, region, service);
        String signature = HexFormat.of().formatHex(SigningKeys.hmac(key, stringToSign));
        signed.sort(null);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("x-amz-date", amzDate);
        out.put("x-amz-content-sha256", payloadHash);
        if (sessionToken != null) {
            out.put("x-amz-security-token", sessionToken);
        }
        out.put("authorization", CanonicalRequest.ALGORITHM + " Credential=" + accessKeyId + "/" + scope
                + ", SignedHeaders=" + String.join(";", signed) + ", Signature=" + signature);
        return out;
    }
}
