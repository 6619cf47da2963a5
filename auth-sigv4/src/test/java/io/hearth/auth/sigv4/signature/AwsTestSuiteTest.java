package io.hearth.auth.sigv4.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.auth.sigv4.credentials.Credential;
import io.hearth.auth.sigv4.credentials.InMemoryCredentialStore;
import io.hearth.spi.auth.AuthenticationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests of AWS's published SigV4 test suite (2015-08-30, us-east-1, service {@code service},
 * host {@code example.amazonaws.com}), with their published signatures. Each must verify, and
 * must fail with its signature's last digit changed.
 */
class AwsTestSuiteTest {

    private static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
    private static final String SESSION_TOKEN = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

    static Stream<Arguments> suite() {
        return Stream.of(
                vector("get-vanilla", "GET", "/", "", Map.of(), "", "host;x-amz-date",
                        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
                vector("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                        "", Map.of(), "", "host;x-amz-date",
                        "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
                vector("get-slashes", "GET", "//example//", "", Map.of(), "", "host;x-amz-date",
                        "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
                vector("get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", Map.of(), "",
                        "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
                vector("get-vanilla-query-order-value", "GET", "/", "Param1=value2&Param1=value1", Map.of(), "",
                        "host;x-amz-date", "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"),
                vector("get-vanilla-utf8-query", "GET", "/", "\u1234=bar", Map.of(), "", "host;x-amz-date",
                        "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
                vector("get-header-value-order", "GET", "/", "",
                        Map.of("my-header1", List.of("value4", "value1", "value3", "value2")), "",
                        "host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
                vector("get-header-key-duplicate", "GET", "/", "",
                        Map.of("my-header1", List.of("value2", "value2", "value1")), "",
                        "host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
                vector("get-header-value-trim", "GET", "/", "",
                        Map.of("my-header1", List.of(" value1"), "my-header2", List.of("\"a   b   c\"")), "",
                        "host;my-header1;my-header2;x-amz-date",
                        "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
                vector("post-x-www-form-urlencoded", "POST", "/", "",
                        Map.of("content-type", List.of("application/x-www-form-urlencoded")), "Param1=value1",
                        "content-type;host;x-amz-date",
                        "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
                vector("get-sts-token (header)", "GET", "/", "",
                        Map.of("x-amz-security-token", List.of(SESSION_TOKEN)), "",
                        "host;x-amz-date;x-amz-security-token",
                        "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"));
    }

    private static Arguments vector(String name, String method, String path, String query,
            Map<String, List<String>> extraHeaders, String body, String signedHeaders, String signature) {
        Map<String, List<String>> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("host", List.of("example.amazonaws.com"));
        headers.put("x-amz-date", List.of("20150830T123600Z"));
        headers.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                + "aws4_request, SignedHeaders=" + signedHeaders + ", Signature=" + signature));
        return Arguments.of(name, new TestRequest(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static SigV4Verifier verifier(boolean withToken) {
        String secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        String arn = "arn:aws:iam::123456789012:user/example";
        Credential credential = withToken
                ? Credential.temporary("AKIDEXAMPLE", secret, "example", arn, SESSION_TOKEN, SIGNED_AT.plusSeconds(3600))
                : Credential.longTerm("AKIDEXAMPLE", secret, "example", arn);
        return new SigV4Verifier(new InMemoryCredentialStore().put(credential), "us-east-1", "service",
                Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suite")
    void publishedRequestsVerify(String name, TestRequest request) throws Exception {
        boolean withToken = request.header("x-amz-security-token") != null;
        assertEquals("AKIDEXAMPLE", verifier(withToken).verify(request).orElseThrow().credential().accessKeyId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suite")
    void publishedRequestsWithAnotherSignatureFail(String name, TestRequest request) {
        boolean withToken = request.header("x-amz-security-token") != null;
        String authorization = request.header("authorization");
        char last = authorization.charAt(authorization.length() - 1);
        TestRequest changed = request.withHeader("authorization",
                authorization.substring(0, authorization.length() - 1) + (last == '0' ? '1' : '0'));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> verifier(withToken).verify(changed));
        assertEquals(SignatureErrors.INVALID_SIGNATURE, e.code());
    }
}
