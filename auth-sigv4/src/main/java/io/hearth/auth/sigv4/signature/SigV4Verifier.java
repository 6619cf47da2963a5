package io.hearth.auth.sigv4.signature;

import io.hearth.auth.sigv4.credentials.Credential;
import io.hearth.auth.sigv4.credentials.CredentialStore;
import io.hearth.spi.auth.AuthenticationException;
import io.hearth.spi.auth.RequestView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks AWS Signature Version 4 on requests, signed in the {@code Authorization} header or
 * presigned in the query string.
 *
 * <p>The checks, in order: the signature's shape; the credential scope (terminator, service,
 * region, date equal to the request's date); the request time (within {@value #SKEW_MINUTES}
 * minutes of now, and for a presigned URL not past {@code X-Amz-Expires}); the access key and,
 * for a temporary credential, its session token and expiry; the payload hash; and finally the
 * signature itself, compared in constant time.
 *
 * <p>Thread-safe; one instance serves every request.
 */
public final class SigV4Verifier {

    /** How far the request time may be from the server's clock. */
    public static final long SKEW_MINUTES = 15;

    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private static final Duration SKEW = Duration.ofMinutes(SKEW_MINUTES);
    private static final HexFormat HEX = HexFormat.of();

    private final CredentialStore credentials;
    private final String region;
    private final String service;
    private final Clock clock;
    private final SigningKeys signingKeys = new SigningKeys();

    /**
     * @param credentials where access keys are looked up
     * @param region the region this server presents itself as; the credential scope must name it
     * @param service the service name the credential scope must name, {@code aps} for Hearth
     * @param clock the clock request times are compared against
     */
    public SigV4Verifier(CredentialStore credentials, String region, String service, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param request the request
     * @return the verified request, or empty when it carries no SigV4 material
     * @throws AuthenticationException when it carries SigV4 material that does not verify
     */
    public Optional<VerifiedRequest> verify(RequestView request) throws AuthenticationException {
        Optional<SignatureParameters> read = SignatureParameters.read(request);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        SignatureParameters p = read.get();
        checkScope(p);
        checkTime(p);
        Credential credential = checkCredential(p);
        String payloadHash = payloadHash(request);
        String canonical = CanonicalRequest.build(request.method(), request.rawPath(), request.rawQuery(),
                request.headers(), p.signedHeaders(), payloadHash, p.presigned());
        String stringToSign = CanonicalRequest.stringToSign(p.amzDate(), p.scope(), canonical);
        byte[] key = signingKeys.signingKey(credential.secretAccessKey(), p.scopeDate(), p.region(), p.service());
        byte[] expected = HEX.formatHex(SigningKeys.hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, p.signature().getBytes(StandardCharsets.UTF_8))) {
            throw SignatureErrors.mismatch();
        }
        return Optional.of(new VerifiedRequest(credential, p));
    }

    private void checkScope(SignatureParameters p) throws AuthenticationException {
        if (!p.terminator().equals("aws4_request")) {
            throw SignatureErrors.invalid(
                    "Credential should be scoped with a valid terminator: 'aws4_request', not '" + p.terminator() + "'.");
        }
        if (!p.service().equals(service)) {
            throw SignatureErrors.invalid("Credential should be scoped to correct service: '" + service + "'. ");
        }
        if (!p.region().equals(region)) {
            throw SignatureErrors.invalid("Credential should be scoped to a valid region. ");
        }
        String requestDay = p.amzDate().substring(0, 8);
        if (!p.scopeDate().equals(requestDay)) {
            throw SignatureErrors.invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of"
                    + " date from HTTP: '" + p.scopeDate() + "' != '" + requestDay + "', from '" + p.dateSource()
                    + "'.");
        }
        if (!p.signedHeaders().contains("host")) {
            throw SignatureErrors.invalid("'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
    }

    private void checkTime(SignatureParameters p) throws AuthenticationException {
        Instant now = clock.instant();
        Instant time = p.requestTime();
        if (time.isAfter(now.plus(SKEW))) {
            throw SignatureErrors.invalid("Signature not yet current: " + p.amzDate() + " is still later than "
                    + SignatureParameters.formatAmzDate(now.plus(SKEW)) + " (" + SignatureParameters.formatAmzDate(now)
                    + " + " + SKEW_MINUTES + " min.)");
        }
        if (p.presigned()) {
            Instant end = time.plusSeconds(p.expiresSeconds());
            if (now.isAfter(end)) {
                throw SignatureErrors.invalid("Signature expired: " + p.amzDate() + " + " + p.expiresSeconds()
                        + " s (X-Amz-Expires) is now earlier than " + SignatureParameters.formatAmzDate(now) + ".");
            }
        } else if (time.isBefore(now.minus(SKEW))) {
            throw SignatureErrors.invalid("Signature expired: " + p.amzDate() + " is now earlier than "
                    + SignatureParameters.formatAmzDate(now.minus(SKEW)) + " (" + SignatureParameters.formatAmzDate(now)
                    + " - " + SKEW_MINUTES + " min.)");
        }
    }

    private Credential checkCredential(SignatureParameters p) throws AuthenticationException {
        Optional<Credential> found = credentials.find(p.accessKeyId());
        if (found.isEmpty()) {
            throw SignatureErrors.unrecognizedClient();
        }
        Credential credential = found.get();
        String token = p.securityToken();
        if (credential.isTemporary()) {
            if (token == null || !MessageDigest.isEqual(
                    token.getBytes(StandardCharsets.UTF_8), credential.sessionToken().getBytes(StandardCharsets.UTF_8))) {
                throw SignatureErrors.unrecognizedClient();
            }
            if (!clock.instant().isBefore(credential.expiration())) {
                throw SignatureErrors.expiredToken();
            }
        } else if (token != null) {
            throw SignatureErrors.unrecognizedClient();
        }
        return credential;
    }

    private static String payloadHash(RequestView request) throws AuthenticationException {
        String declared = request.header("x-amz-content-sha256");
        if (declared == null) {
            return CanonicalRequest.sha256Hex(request.body());
        }
        if (declared.equals(UNSIGNED_PAYLOAD)) {
            return declared;
        }
        if (declared.startsWith("STREAMING-")) {
            throw SignatureErrors.incomplete("The payload signing mode '" + declared + "' is not supported; sign the"
                    + " whole body or send UNSIGNED-PAYLOAD.");
        }
        if (!isSha256Hex(declared)) {
            throw SignatureErrors.invalid("x-amz-content-sha256 must be UNSIGNED-PAYLOAD or the lower-case hex SHA-256"
                    + " of the body.");
        }
        if (!declared.equals(CanonicalRequest.sha256Hex(request.body()))) {
            throw SignatureErrors.invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return declared;
    }

    private static boolean isSha256Hex(String value) {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
