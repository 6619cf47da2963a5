package io.hearth.auth.sigv4.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalRequestTest {

    @ParameterizedTest(name = "path ''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                      | /",
        "/                         | /",
        "/workspaces               | /workspaces",
        "/workspaces/              | /workspaces/",
        "/a/./b/../c               | /a/c",
        "//a//b//                  | /a/b/",
        "/..                       | /",
        "/a/..                     | /",
        "/a/../                    | /",
        "/./                       | /",
        "/a%20b                    | /a%2520b",
        "/a%2Fb                    | /a%252Fb",
        "/a b                      | /a%20b",
        "/ü                        | /%C3%BC",
        "/-._~AZaz09               | /-._~AZaz09",
        "/a:b@c!$&'()*+,;=         | /a%3Ab%40c%21%24%26%27%28%29%2A%2B%2C%3B%3D",
    })
    void canonicalUriRemovesDotAndEmptySegmentsThenEncodesOnceMore(String raw, String expected) {
        assertEquals(expected, CanonicalRequest.canonicalUri(raw));
    }

    @ParameterizedTest(name = "query ''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                   | \"\"",
        "b=2&a=1                | a=1&b=2",
        "a=2&a=1&a=10           | a=1&a=10&a=2",
        "a                      | a=",
        "a=                     | a=",
        "a=b+c                  | a=b%20c",
        "a=b%2Bc                | a=b%2Bc",
        "a=%7e%7E~              | a=~~~",
        "a=%e2%9c%93            | a=%E2%9C%93",
        "b=1&A=2&a=3            | A=2&a=3&b=1",
        "a=1&&b=2&              | a=1&b=2",
        "x=a/b?c                | x=a%2Fb%3Fc",
        "k%20ey=v               | k%20ey=v",
        "a=1=2                  | a=1%3D2",
        "bad=%zz                | bad=%25zz",
    })
    void canonicalQueryDecodesReencodesAndSorts(String raw, String expected) {
        assertEquals(expected, CanonicalRequest.canonicalQuery(raw, false));
    }

    @Test
    void presignedCanonicalQueryLeavesOutOnlyTheSignature() {
        assertEquals("X-Amz-Date=20150830T123600Z&a=1",
                CanonicalRequest.canonicalQuery("a=1&X-Amz-Signature=abc&X-Amz-Date=20150830T123600Z", true));
        assertEquals("X-Amz-Signature=abc&a=1", CanonicalRequest.canonicalQuery("a=1&X-Amz-Signature=abc", false));
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndJoined() {
        assertEquals("a b c", CanonicalRequest.canonicalHeaderValue(List.of("  a   b \t c  ")));
        assertEquals("a,b c", CanonicalRequest.canonicalHeaderValue(List.of("a", " b  c ")));
        assertEquals("", CanonicalRequest.canonicalHeaderValue(null));
    }

    /** AWS's published example of a derived signing key (secret of the docs, 20120215, us-east-1, iam). */
    @Test
    void derivesTheSigningKeyOfTheAwsDocumentation() {
        byte[] key = SigningKeys.derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
        assertEquals("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d",
                java.util.HexFormat.of().formatHex(key));
    }

    @Test
    void buildsTheCanonicalRequestOfTheTestSuiteVanillaGet() {
        String canonical = CanonicalRequest.build("GET", "/", "",
                Map.of("host", List.of("example.amazonaws.com"), "x-amz-date", List.of("20150830T123600Z")),
                List.of("x-amz-date", "host"),
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", false);
        assertEquals("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", canonical);
        assertEquals("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                        + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
                CanonicalRequest.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
    }
}
