package io.hearth.auth.sigv4.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.hearth.auth.sigv4.credentials.Credential;
import io.hearth.auth.sigv4.credentials.InMemoryCredentialStore;
import io.hearth.spi.auth.AuthenticationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Requests signed by botocore (the signer inside the aws CLI and boto3) must verify, and must stop
 * verifying when one byte of what was signed changes.
 *
 * <p>Runs {@code src/test/resources/sigv4/sign_with_botocore.py} with {@code python3}; botocore
 * must be installed ({@code pip install botocore}). The script signs at a fixed instant so the
 * clock here can be moved around it.
 */
class BotocoreInteropTest {

    private static final Instant SIGNED_AT = Instant.parse("2025-11-27T12:00:00Z");
    private static final String REGION = "us-east-1";
    private static final Set<String> REJECTIONS = Set.of(SignatureErrors.INVALID_SIGNATURE,
            SignatureErrors.INCOMPLETE_SIGNATURE, SignatureErrors.UNRECOGNIZED_CLIENT);

    private static List<SignedCase> cases;

    record SignedCase(String name, String expect, TestRequest request) {
        boolean presigned() {
            return request.rawQuery().contains("X-Amz-Signature=");
        }
    }

    @BeforeAll
    static void signWithBotocore() throws Exception {
        Path script = Path.of(BotocoreInteropTest.class.getResource("/sigv4/sign_with_botocore.py").toURI());
        Process process = new ProcessBuilder("python3", script.toString(),
                Long.toString(SIGNED_AT.getEpochSecond()), REGION)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the signing script did not finish");
        assertEquals(0, process.exitValue(), "the signing script failed (is botocore installed for python3?)");
        cases = new ArrayList<>();
        Base64.Decoder b64 = Base64.getDecoder();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            cases.add(new SignedCase(text(b64, f[0]), text(b64, f[1]), TestRequest.of(text(b64, f[2]),
                    text(b64, f[3]), text(b64, f[4]), text(b64, f[5]), b64.decode(f[6]))));
        }
        assertTrue(cases.size() >= 15, "expected the script's whole set of requests, got " + cases.size());
    }

    private static String text(Base64.Decoder b64, String field) {
        return new String(b64.decode(field), StandardCharsets.UTF_8);
    }

    private static SigV4Verifier verifier(Instant now) {
        InMemoryCredentialStore store = new InMemoryCredentialStore()
                .put(Credential.longTerm("AKIDHEARTHTEST", "hearth/secret+KEY=example", "alice",
                        "arn:aws:iam::123456789012:user/alice"))
                .put(Credential.temporary("ASIAHEARTHTEMP", "temporary/secret", "bob",
                        "arn:aws:sts::123456789012:assumed-role/reader/bob", "session-token/with+odd=chars",
                        SIGNED_AT.plus(Duration.ofHours(1))));
        return new SigV4Verifier(store, REGION, "aps", Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Stream<SignedCase> accepted() {
        return cases.stream().filter(c -> c.expect().equals("accept"));
    }

    private static void assertRejected(TestRequest request, Instant now) {
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> verifier(now).verify(request));
        assertTrue(REJECTIONS.contains(e.code()), e.code() + ": " + e.getMessage());
    }

    @TestFactory
    Stream<DynamicTest> everyBotocoreRequestGetsItsExpectedAnswer() {
        return cases.stream().map(c -> dynamicTest(c.name() + " -> " + c.expect(), () -> {
            if (c.expect().equals("accept")) {
                VerifiedRequest verified = verifier(SIGNED_AT).verify(c.request()).orElseThrow();
                assertEquals(c.presigned(), verified.signature().presigned());
            } else {
                AuthenticationException e = assertThrows(AuthenticationException.class,
                        () -> verifier(SIGNED_AT).verify(c.request()));
                assertEquals(c.expect(), e.code(), e.getMessage());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> changingOneByteOfThePathIsRejected() {
        return accepted().map(c -> dynamicTest(c.name(), () ->
                assertRejected(c.request().withPath(mutateLastAlphanumeric(c.request().rawPath())), SIGNED_AT)));
    }

    @TestFactory
    Stream<DynamicTest> changingOneByteOfTheQueryIsRejected() {
        return accepted().filter(c -> !c.request().rawQuery().isEmpty()).map(c -> dynamicTest(c.name(), () ->
                assertRejected(c.request().withQuery(mutateFirstAlphanumeric(c.request().rawQuery())), SIGNED_AT)));
    }

    @TestFactory
    Stream<DynamicTest> changingOneByteOfTheSignedHostHeaderIsRejected() {
        return accepted().map(c -> dynamicTest(c.name(), () -> assertRejected(
                c.request().withHeader("host", mutateLastAlphanumeric(c.request().header("host"))), SIGNED_AT)));
    }

    @TestFactory
    Stream<DynamicTest> changingOneByteOfTheBodyIsRejectedUnlessThePayloadIsUnsigned() {
        return accepted().filter(c -> c.request().body().length > 0).map(c -> dynamicTest(c.name(), () -> {
            byte[] body = c.request().body().clone();
            body[body.length / 2] ^= 0x01;
            TestRequest changed = c.request().withBody(body);
            if ("UNSIGNED-PAYLOAD".equals(c.request().header("x-amz-content-sha256"))) {
                assertTrue(verifier(SIGNED_AT).verify(changed).isPresent(), "an unsigned payload is not covered");
            } else {
                assertRejected(changed, SIGNED_AT);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> changingOneCharacterOfTheSignatureIsRejected() {
        return accepted().map(c -> dynamicTest(c.name(), () -> {
            TestRequest r = c.request();
            TestRequest changed = c.presigned()
                    ? r.withQuery(flipLastHexDigit(r.rawQuery()))
                    : r.withHeader("authorization", flipLastHexDigit(r.header("authorization")));
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> verifier(SIGNED_AT).verify(changed));
            assertEquals(SignatureErrors.INVALID_SIGNATURE, e.code());
            assertTrue(e.getMessage().startsWith("The request signature we calculated does not match"));
        }));
    }

    @TestFactory
    Stream<DynamicTest> headerSignaturesExpireAfterFifteenMinutesEitherWay() {
        return accepted().filter(c -> !c.presigned()).map(c -> dynamicTest(c.name(), () -> {
            assertTrue(verifier(SIGNED_AT.plus(Duration.ofMinutes(14))).verify(c.request()).isPresent());
            assertTrue(verifier(SIGNED_AT.minus(Duration.ofMinutes(14))).verify(c.request()).isPresent());
            assertExpired(c.request(), SIGNED_AT.plus(Duration.ofMinutes(16)), "Signature expired");
            assertExpired(c.request(), SIGNED_AT.minus(Duration.ofMinutes(16)), "Signature not yet current");
        }));
    }

    @TestFactory
    Stream<DynamicTest> presignedUrlsLiveForXAmzExpires() {
        return accepted().filter(SignedCase::presigned).map(c -> dynamicTest(c.name(), () -> {
            assertTrue(c.request().rawQuery().contains("X-Amz-Expires=900"));
            assertTrue(verifier(SIGNED_AT.plusSeconds(900)).verify(c.request()).isPresent());
            assertExpired(c.request(), SIGNED_AT.plusSeconds(901), "Signature expired");
            assertExpired(c.request(), SIGNED_AT.minus(Duration.ofMinutes(16)), "Signature not yet current");
        }));
    }

    @Test
    void anExpiredTemporaryCredentialIsReportedAsExpired() throws Exception {
        SignedCase withToken = accepted().filter(c -> c.name().equals("session token")).findFirst().orElseThrow();
        Instant later = SIGNED_AT.plus(Duration.ofMinutes(10));
        InMemoryCredentialStore store = new InMemoryCredentialStore().put(Credential.temporary("ASIAHEARTHTEMP",
                "temporary/secret", "bob", "arn:aws:sts::123456789012:assumed-role/reader/bob",
                "session-token/with+odd=chars", SIGNED_AT.plus(Duration.ofMinutes(5))));
        AuthenticationException e = assertThrows(AuthenticationException.class, () ->
                new SigV4Verifier(store, REGION, "aps", Clock.fixed(later, ZoneOffset.UTC)).verify(withToken.request()));
        assertEquals(SignatureErrors.EXPIRED_TOKEN, e.code());
    }

    @Test
    void droppingTheSessionTokenIsRejected() {
        SignedCase withToken = accepted().filter(c -> c.name().equals("session token")).findFirst().orElseThrow();
        AuthenticationException e = assertThrows(AuthenticationException.class, () ->
                verifier(SIGNED_AT).verify(withToken.request().withHeader("x-amz-security-token", null)));
        assertEquals(SignatureErrors.UNRECOGNIZED_CLIENT, e.code());
    }

    @Test
    void aServerInAnotherRegionRejectsEverything() {
        SigV4Verifier elsewhere = new SigV4Verifier(new InMemoryCredentialStore(), "eu-central-1", "aps",
                Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        accepted().forEach(c -> {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> elsewhere.verify(c.request()));
            assertEquals("Credential should be scoped to a valid region. ", e.getMessage(), c.name());
        });
    }

    private static void assertExpired(TestRequest request, Instant now, String prefix) {
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> verifier(now).verify(request));
        assertEquals(SignatureErrors.INVALID_SIGNATURE, e.code());
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }

    /** Replaces the last letter or digit with another of its kind. */
    static String mutateLastAlphanumeric(String s) {
        return mutateAlphanumeric(s, true);
    }

    /** Replaces the first letter or digit with another of its kind. */
    static String mutateFirstAlphanumeric(String s) {
        return mutateAlphanumeric(s, false);
    }

    private static String mutateAlphanumeric(String s, boolean fromEnd) {
        for (int k = 0; k < s.length(); k++) {
            int i = fromEnd ? s.length() - 1 - k : k;
            char c = s.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                return s.substring(0, i) + next(c) + s.substring(i + 1);
            }
        }
        throw new AssertionError("nothing to change in '" + s + "'");
    }

    private static char next(char c) {
        return switch (c) {
            case 'z' -> 'a';
            case 'Z' -> 'A';
            case '9' -> '0';
            default -> (char) (c + 1);
        };
    }

    private static String flipLastHexDigit(String s) {
        char last = s.charAt(s.length() - 1);
        assertFalse(last == '=', s);
        return s.substring(0, s.length() - 1) + (last == '0' ? '1' : '0');
    }
}
