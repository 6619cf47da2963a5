package io.hearth.auth.sigv4.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.auth.sigv4.credentials.Credential;
import io.hearth.auth.sigv4.credentials.InMemoryCredentialStore;
import io.hearth.spi.auth.AuthenticationException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The verifier against AWS's published test-suite request (get-vanilla) and hand-made broken requests. */
class SigV4VerifierTest {

    private static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
    private static final String VANILLA_SIGNATURE = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    private static final String VANILLA_AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
            + "service/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + VANILLA_SIGNATURE;

    private final InMemoryCredentialStore store = new InMemoryCredentialStore().put(Credential.longTerm(
            "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "example", "arn:aws:iam::123456789012:user/example"));

    private SigV4Verifier verifierAt(Instant now) {
        return new SigV4Verifier(store, "us-east-1", "service", Clock.fixed(now, ZoneOffset.UTC));
    }

    private static TestRequest vanilla() {
        return TestRequest.of("GET", "/", "",
                "host: example.amazonaws.com\nx-amz-date: 20150830T123600Z\nauthorization: " + VANILLA_AUTHORIZATION,
                new byte[0]);
    }

    private AuthenticationException rejected(TestRequest request, Instant now) {
        return assertThrows(AuthenticationException.class, () -> verifierAt(now).verify(request));
    }

    @Test
    void acceptsTheTestSuiteVanillaGet() throws Exception {
        VerifiedRequest verified = verifierAt(SIGNED_AT).verify(vanilla()).orElseThrow();
        assertEquals("AKIDEXAMPLE", verified.credential().accessKeyId());
        assertEquals("20150830/us-east-1/service/aws4_request", verified.signature().scope());
    }

    @Test
    void acceptsTheAuthorizationHeaderWithoutSpacesAfterCommas() throws Exception {
        TestRequest request = vanilla().withHeader("authorization", VANILLA_AUTHORIZATION.replace(", ", ","));
        assertTrue(verifierAt(SIGNED_AT).verify(request).isPresent());
    }

    @Test
    void requestsWithoutSigV4AreNotThisAuthenticatorsBusiness() throws Exception {
        assertTrue(verifierAt(SIGNED_AT).verify(vanilla().withHeader("authorization", null)).isEmpty());
        assertTrue(verifierAt(SIGNED_AT).verify(vanilla().withHeader("authorization", "Bearer abc")).isEmpty());
        assertTrue(verifierAt(SIGNED_AT).verify(vanilla().withHeader("authorization", "Basic YTpi")).isEmpty());
        assertTrue(verifierAt(SIGNED_AT).verify(vanilla().withHeader("authorization", null).withQuery("a=1")).isEmpty());
    }

    @Test
    void aSessionTokenWithoutSignatureIsMissingAuthentication() {
        AuthenticationException e = rejected(
                vanilla().withHeader("authorization", null).withHeader("x-amz-security-token", "t"), SIGNED_AT);
        assertEquals(SignatureErrors.MISSING_AUTHENTICATION_TOKEN, e.code());
    }

    @Test
    void theSignatureIsComparedExactly() {
        String upper = VANILLA_AUTHORIZATION.replace(VANILLA_SIGNATURE, VANILLA_SIGNATURE.toUpperCase());
        AuthenticationException e = rejected(vanilla().withHeader("authorization", upper), SIGNED_AT);
        assertEquals(SignatureErrors.INVALID_SIGNATURE, e.code());
        assertTrue(e.getMessage().startsWith("The request signature we calculated does not match"));
        AuthenticationException shorter = rejected(vanilla().withHeader("authorization",
                VANILLA_AUTHORIZATION.substring(0, VANILLA_AUTHORIZATION.length() - 1)), SIGNED_AT);
        assertEquals(SignatureErrors.INVALID_SIGNATURE, shorter.code());
    }

    @Test
    void malformedAuthorizationHeadersAreIncomplete() {
        String[][] cases = {
            {"AWS4-HMAC-SHA256", "requires 'Credential'"},
            {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host",
                "requires 'Signature'"},
            {"AWS4-HMAC-SHA512 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00", "Unsupported AWS 'algorithm'"},
            {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/aws4_request, SignedHeaders=host, Signature=0",
                "exactly 5 slash-delimited elements"},
            {"AWS4-HMAC-SHA256 Credential=x/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=0,"
                + " Signature=1", "twice"},
            {"AWS4-HMAC-SHA256 Credential=x/20150830/us-east-1/service/aws4_request, SignedHeaders=host;;x, Signature=0",
                "SignedHeaders must be"},
            {"AWS4-HMAC-SHA256 Credential=x/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=0,"
                + " Extra=1", "unknown component"},
            {"AWS4-HMAC-SHA256 garbage", "not of the form name=value"},
        };
        for (String[] c : cases) {
            AuthenticationException e = rejected(vanilla().withHeader("authorization", c[0]), SIGNED_AT);
            assertEquals(SignatureErrors.INCOMPLETE_SIGNATURE, e.code(), c[0]);
            assertTrue(e.getMessage().contains(c[1]), () -> c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void theDateMustBePresentAndWellFormed() {
        AuthenticationException missing = rejected(vanilla().withHeader("x-amz-date", null), SIGNED_AT);
        assertEquals(SignatureErrors.INCOMPLETE_SIGNATURE, missing.code());
        assertTrue(missing.getMessage().contains("'X-Amz-Date' or a 'Date' header"));
        AuthenticationException bad = rejected(vanilla().withHeader("x-amz-date", "2015-08-30T12:36:00Z"), SIGNED_AT);
        assertEquals(SignatureErrors.INCOMPLETE_SIGNATURE, bad.code());
        AuthenticationException impossible = rejected(vanilla().withHeader("x-amz-date", "20150231T123600Z"), SIGNED_AT);
        assertEquals(SignatureErrors.INCOMPLETE_SIGNATURE, impossible.code());
    }

    @Test
    void scopeMustMatchRegionServiceTerminatorAndDate() {
        String[][] cases = {
            {"us-west-2/service/aws4_request", "valid region"},
            {"us-east-1/iam/aws4_request", "correct service: 'service'"},
            {"us-east-1/service/aws5_request", "valid terminator"},
        };
        for (String[] c : cases) {
            String header = VANILLA_AUTHORIZATION.replace("us-east-1/service/aws4_request", c[0]);
            AuthenticationException e = rejected(vanilla().withHeader("authorization", header), SIGNED_AT);
            assertEquals(SignatureErrors.INVALID_SIGNATURE, e.code());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
        AuthenticationException date = rejected(vanilla().withHeader("authorization",
                VANILLA_AUTHORIZATION.replace("/20150830/", "/20150831/")), SIGNED_AT);
        assertTrue(date.getMessage().contains("'20150831' != '20150830'"), date.getMessage());
        AuthenticationException host = rejected(vanilla().withHeader("authorization",
                VANILLA_AUTHORIZATION.replace("host;x-amz-date", "x-amz-date")), SIGNED_AT);
        assertTrue(host.getMessage().contains("'Host' must be a 'SignedHeader'"), host.getMessage());
    }

    @Test
    void clockSkewOfFifteenMinutesIsTolerated() throws Exception {
        assertTrue(verifierAt(SIGNED_AT.plusSeconds(15 * 60)).verify(vanilla()).isPresent());
        assertTrue(verifierAt(SIGNED_AT.minusSeconds(15 * 60)).verify(vanilla()).isPresent());
        AuthenticationException late = rejected(vanilla(), SIGNED_AT.plusSeconds(15 * 60 + 1));
        assertEquals(SignatureErrors.INVALID_SIGNATURE, late.code());
        assertEquals("Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z"
                + " (20150830T125101Z - 15 min.)", late.getMessage());
        AuthenticationException early = rejected(vanilla(), SIGNED_AT.minusSeconds(15 * 60 + 1));
        assertEquals("Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z"
                + " (20150830T122059Z + 15 min.)", early.getMessage());
    }

    @Test
    void unknownKeysAndStrayTokensAreUnrecognized() {
        InMemoryCredentialStore empty = new InMemoryCredentialStore();
        AuthenticationException unknown = assertThrows(AuthenticationException.class, () ->
                new SigV4Verifier(empty, "us-east-1", "service", Clock.fixed(SIGNED_AT, ZoneOffset.UTC)).verify(vanilla()));
        assertEquals(SignatureErrors.UNRECOGNIZED_CLIENT, unknown.code());
        assertEquals("The security token included in the request is invalid.", unknown.getMessage());
        AuthenticationException stray = rejected(vanilla().withHeader("x-amz-security-token", "tok"), SIGNED_AT);
        assertEquals(SignatureErrors.UNRECOGNIZED_CLIENT, stray.code());
    }

    @Test
    void aDeclaredPayloadHashMustMatchTheBody() {
        AuthenticationException wrongHash = rejected(vanilla().withHeader("x-amz-content-sha256",
                CanonicalRequest.sha256Hex("x".getBytes())), SIGNED_AT);
        assertTrue(wrongHash.getMessage().contains("x-amz-content-sha256"), wrongHash.getMessage());
        AuthenticationException streaming = rejected(vanilla().withHeader("x-amz-content-sha256",
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), SIGNED_AT);
        assertEquals(SignatureErrors.INCOMPLETE_SIGNATURE, streaming.code());
        AuthenticationException garbage = rejected(vanilla().withHeader("x-amz-content-sha256", "abc"), SIGNED_AT);
        assertEquals(SignatureErrors.INVALID_SIGNATURE, garbage.code());
    }

    @Test
    void presignedParametersAreCheckedForCompleteness() {
        TestRequest base = vanilla().withHeader("authorization", null);
        String[][] cases = {
            {"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2F20150830%2Fus-east-1%2Fservice%2Faws4_request",
                "must include"},
            {"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00", "X-Amz-Expires"},
            {"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00&X-Amz-Expires=604801",
                "X-Amz-Expires must be"},
            {"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00&X-Amz-Expires=0",
                "X-Amz-Expires must be"},
            {"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00&X-Amz-Signature=01"
                + "&X-Amz-Expires=60", "repeated"},
        };
        for (String[] c : cases) {
            AuthenticationException e = rejected(base.withQuery(c[0]), SIGNED_AT);
            assertEquals(SignatureErrors.INCOMPLETE_SIGNATURE, e.code(), c[0]);
            assertTrue(e.getMessage().contains(c[1]), () -> c[0] + " -> " + e.getMessage());
        }
        AuthenticationException both = rejected(vanilla().withQuery("X-Amz-Signature=00"), SIGNED_AT);
        assertTrue(both.getMessage().contains("Only one auth mechanism"), both.getMessage());
    }

    @Test
    void signingKeysAreCachedPerSecretDateRegionAndService() {
        SigningKeys keys = new SigningKeys();
        byte[] first = keys.signingKey("s", "20150830", "us-east-1", "aps");
        assertTrue(first == keys.signingKey("s", "20150830", "us-east-1", "aps"));
        keys.signingKey("s", "20150831", "us-east-1", "aps");
        keys.signingKey("t", "20150830", "us-east-1", "aps");
        assertEquals(3, keys.size());
    }
}
