package io.hearth.auth.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.auth.sigv4.signature.CanonicalRequest;
import io.hearth.auth.sigv4.signature.SigningKeys;
import io.hearth.auth.sigv4.signature.TestRequest;
import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.AuthenticationException;
import io.hearth.spi.auth.Authenticator;
import io.hearth.spi.auth.AuthenticatorFactory;
import io.hearth.spi.auth.Principal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SigV4PluginTest {

    private static final io.hearth.spi.auth.Principal ROOT = new io.hearth.spi.auth.Principal("root",
            "arn:aws:iam::123456789012:root", Map.of());
    private static final PluginContext CONTEXT = new PluginContext(Path.of("data"), "us-west-2", "123456789012",
            Map.of(), id -> id.equals("AKIDROOT")
                    ? java.util.Optional.of(new io.hearth.spi.auth.AccessKey("AKIDROOT", "root-secret", ROOT, null, null))
                    : java.util.Optional.empty());

    private static AuthenticatorFactory factory() {
        List<AuthenticatorFactory> factories = ServiceLoader.load(HearthPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .flatMap(p -> p.authenticatorFactories().stream())
                .filter(f -> f.name().equals("sigv4"))
                .toList();
        assertEquals(1, factories.size(), "exactly one sigv4 factory is registered");
        return factories.get(0);
    }

    /** Signs with this module's own primitives; botocore interop is BotocoreInteropTest's job. */
    private static TestRequest signed(String secret, String region) {
        String amzDate = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        TestRequest unsigned = TestRequest.of("POST", "/workspaces/ws-1/api/v1/remote_write", "",
                "host: localhost:9009\nx-amz-date: " + amzDate, "body".getBytes());
        String scope = amzDate.substring(0, 8) + "/" + region + "/aps/aws4_request";
        String canonical = CanonicalRequest.build("POST", unsigned.rawPath(), "", unsigned.headers(),
                List.of("host", "x-amz-date"), CanonicalRequest.sha256Hex(unsigned.body()), false);
        String signature = HexFormat.of().formatHex(SigningKeys.hmac(
                SigningKeys.derive(secret, amzDate.substring(0, 8), region, "aps"),
                CanonicalRequest.stringToSign(amzDate, scope, canonical)));
        return unsigned.withHeader("authorization", "AWS4-HMAC-SHA256 Credential=AKIDROOT/" + scope
                + ", SignedHeaders=host;x-amz-date, Signature=" + signature);
    }

    @Test
    void theRootKeyFromConfigurationAuthenticatesAsTheAccountRoot() throws Exception {
        Authenticator authenticator = factory().create(CONTEXT);
        Principal principal = authenticator.authenticate(signed("root-secret", "us-west-2")).orElseThrow();
        assertEquals("root", principal.name());
        assertEquals("arn:aws:iam::123456789012:root", principal.arn());
        assertEquals(Map.of("accessKeyId", "AKIDROOT", "credentialType", "long-term", "region", "us-west-2",
                "signatureLocation", "header"), principal.attributes());
    }

    @Test
    void unsignedRequestsAreLeftToOtherAuthenticators() throws Exception {
        Authenticator authenticator = factory().create(CONTEXT);
        TestRequest unsigned = TestRequest.of("GET", "/workspaces", "", "host: localhost:9009", new byte[0]);
        assertTrue(authenticator.authenticate(unsigned).isEmpty());
    }

    @Test
    void wrongSignaturesAndRegionsAreRefused() {
        Authenticator authenticator = factory().create(CONTEXT);
        AuthenticationException wrongSecret = assertThrows(AuthenticationException.class,
                () -> authenticator.authenticate(signed("other-secret", "us-west-2")));
        assertEquals("InvalidSignatureException", wrongSecret.code());
        AuthenticationException wrongRegion = assertThrows(AuthenticationException.class,
                () -> authenticator.authenticate(signed("root-secret", "us-east-1")));
        assertEquals("InvalidSignatureException", wrongRegion.code());
    }

    @Test
    void withAnEmptyDirectoryEverySignedRequestIsAnUnknownKey() {
        Authenticator authenticator = factory().create(new PluginContext(Path.of("data"), "us-west-2",
                "123456789012", Map.of(), io.hearth.spi.auth.IdentityDirectory.EMPTY));
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> authenticator.authenticate(signed("root-secret", "us-west-2")));
        assertEquals("UnrecognizedClientException", e.code());
    }

}
