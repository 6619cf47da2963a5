package io.hearth.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parameters of an API call as Prometheus's Go server reads them ({@code ParseForm}): the
 * query string's, a POST body's only when it is declared a form, form values first, and a pair that
 * does not decode left out, refused only where Prometheus refuses it.
 */
class ApiParametersTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void onlyABodyDeclaredAFormHoldsParameters() {
        for (String declared : List.of(FORM, "APPLICATION/X-WWW-FORM-URLENCODED",
                " application/x-www-form-urlencoded ; charset=UTF-8", "application/x-www-form-urlencoded;;")) {
            assertEquals("vector(1)", ApiParameters.of(null, declared, ascii("query=vector(1)")).first("query"), declared);
        }
        // another type, a wildcard, or none: no parameters, and no refusal
        for (String other : Arrays.asList("application/json", "text/plain", "*/*", "application/*",
                "multipart/form-data; boundary=x", "", null)) {
            assertNull(ApiParameters.of(null, other, ascii("query=vector(1)")).first("query"), other);
        }
    }

    @Test
    void formValuesComeBeforeQueryStringValues() {
        ApiParameters params = ApiParameters.of("query=vector(2)&time=100", FORM, ascii("query=vector(1)"));
        assertEquals("vector(1)", params.first("query"));
        assertEquals(List.of("vector(1)", "vector(2)"), params.all("query"));
        assertEquals(100_000, params.time("time", 0));
        assertNull(ApiParameters.of(null, null, null).first("query"));
    }

    @Test
    void aPairThatDoesNotDecodeIsLeftOutAndRefusedOnlyWhenAsked() {
        ApiParameters params = ApiParameters.of("query=up&time=%zz&limit=2", null, null);
        assertEquals("up", params.first("query"));
        assertNull(params.first("time"));
        assertEquals("2", params.first("limit"));
        PrometheusApiException e = assertThrows(PrometheusApiException.class, params::requireWellFormed);
        assertEquals("bad_data", e.errorType());
        assertEquals("error parsing form values: invalid URL escape \"%zz\"", e.getMessage());
        ApiParameters.of("query=up", FORM, ascii("match[]=up")).requireWellFormed();
    }

    @Test
    void theBodysFaultIsTheOneReportedAsGoReportsItFirst() {
        ApiParameters params = ApiParameters.of("a=%zz", FORM, ascii("b=%1"));
        assertEquals("error parsing form values: invalid URL escape \"%1\"",
                assertThrows(PrometheusApiException.class, params::requireWellFormed).getMessage());
    }
}
