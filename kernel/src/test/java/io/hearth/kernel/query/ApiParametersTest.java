package io.hearth.kernel.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parameters of the query routes decode as JAX-RS decoded them: the query string as
 * {@code UriInfo.getQueryParameters()}, the form body as Jersey's form reader, form values first.
 */
class ApiParametersTest {

    @Test
    void queryStringDecodesPlusAndEscapesKeepsBareNamesAndDropsEmptyNames() {
        Map<String, List<String>> query = ApiParameters.queryString("query=vector(1)+%2B+2&=x&stats&time=1&time=2&&");
        assertEquals(List.of("vector(1) + 2"), query.get("query"));
        assertEquals(List.of(""), query.get("stats"));
        assertEquals(List.of("1", "2"), query.get("time"));
        assertNull(query.get(""));
        assertEquals(Map.of(), ApiParameters.queryString(null));
        assertThrows(IllegalArgumentException.class, () -> ApiParameters.queryString("query=%zz"));
    }

    @Test
    void formDecodesInItsCharsetAndKeepsBareNamesWithoutValue() {
        Map<String, List<String>> form = ApiParameters.form(
                "query=a%E9+b&flag&=dropped".getBytes(StandardCharsets.US_ASCII), "ISO-8859-1");
        assertEquals(List.of("a\u00e9 b"), form.get("query"));
        assertEquals(Arrays.asList((String) null), form.get("flag"));
        assertNull(form.get(""));
        assertEquals(List.of("\u00e9"), ApiParameters.form("q=%C3%A9".getBytes(StandardCharsets.US_ASCII), null).get("q"));
        assertEquals(List.of("\u00e9"), ApiParameters.form("q=\u00e9".getBytes(StandardCharsets.UTF_8), null).get("q"));
        assertThrows(IllegalArgumentException.class, () -> ApiParameters.form("q=%zz".getBytes(StandardCharsets.US_ASCII), null));
    }

    @Test
    void onlyABodyDeclaredAFormHoldsParametersAsGoParseFormReadsIt() {
        byte[] body = "query=vector(1)".getBytes(StandardCharsets.US_ASCII);
        for (String declared : List.of("application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED",
                " application/x-www-form-urlencoded ; charset=UTF-8", "application/x-www-form-urlencoded;;")) {
            assertEquals(List.of("vector(1)"), ApiParameters.postForm(declared, body).get("query"), declared);
        }
        // another type, a wildcard, or none: no parameters, and no refusal
        for (String other : Arrays.asList("application/json", "text/plain", "*/*", "application/*",
                "multipart/form-data; boundary=x", "", null)) {
            assertNull(ApiParameters.postForm(other, body), other);
        }
        assertEquals(List.of("a\u00e9"), ApiParameters.postForm("application/x-www-form-urlencoded; charset=\"ISO-8859-1\"",
                "q=a%E9".getBytes(StandardCharsets.US_ASCII)).get("q"));
        assertThrows(IllegalArgumentException.class, () -> ApiParameters.postForm("application/x-www-form-urlencoded",
                "q=%zz".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void formValuesComeBeforeQueryStringValues() {
        ApiParameters params = new ApiParameters(ApiParameters.queryString("query=vector(2)&time=100"),
                ApiParameters.form("query=vector(1)".getBytes(StandardCharsets.US_ASCII), null));
        assertEquals("vector(1)", params.first("query"));
        assertEquals(List.of("vector(1)", "vector(2)"), params.all("query"));
        assertEquals(100_000, params.time("time", 0));
        assertNull(new ApiParameters(Map.of(), null).first("query"));
    }
}
