package io.hearth.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Form text reads as Go's {@code url.ParseQuery} reads it, faults and all. */
class UrlEncodedFormTest {

    @Test
    void decodesPlusAndEscapesAndKeepsBareNamesWithAnEmptyValue() {
        UrlEncodedForm form = UrlEncodedForm.parse("query=vector(1)+%2B+2&stats&time=1&time=2&&=x&q=%C3%A9");
        assertEquals(List.of("vector(1) + 2"), form.values().get("query"));
        assertEquals(List.of(""), form.values().get("stats"));
        assertEquals(List.of("1", "2"), form.values().get("time"));
        assertEquals(List.of("x"), form.values().get("")); // Go keeps an empty name
        assertEquals(List.of("\u00e9"), form.values().get("q"));
        assertNull(form.error());
        assertEquals(Map.of(), UrlEncodedForm.parse((String) null).values());
        assertEquals(Map.of(), UrlEncodedForm.parse("").values());
    }

    @Test
    void aBodyIsReadAsItsBytesWhateverItsCharset() {
        UrlEncodedForm form = UrlEncodedForm.parse("a=\u00e9&b=%E9".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("\u00e9"), form.values().get("a"));
        assertEquals(List.of("\ufffd"), form.values().get("b")); // not UTF-8: replaced, as Go's JSON writes it
    }

    @Test
    void aMalformedEscapeLeavesItsPairOutWithGosMessageForTheFirst() {
        UrlEncodedForm form = UrlEncodedForm.parse("a=1&b=%zz&c=3&d=%4");
        assertEquals(Map.of("a", List.of("1"), "c", List.of("3")), form.values());
        assertEquals("invalid URL escape \"%zz\"", form.error());
        assertEquals("invalid URL escape \"%4\"", UrlEncodedForm.parse("d=%4").error());
        assertEquals("invalid URL escape \"%\"", UrlEncodedForm.parse("x%=1").error()); // the name ends at '='
        assertEquals("invalid URL escape \"%\\\"1\"", UrlEncodedForm.parse("x=%\"1").error());
        assertEquals("invalid URL escape \"%\\x01\"", UrlEncodedForm.parse("x=%\u0001").error());
    }

    @Test
    void aSemicolonLeavesItsPairOutAndItsMessageWinsAsInGo() {
        UrlEncodedForm form = UrlEncodedForm.parse("a=%zz&b=1;c=2&d=4");
        assertEquals(Map.of("d", List.of("4")), form.values());
        assertEquals("invalid semicolon separator in query", form.error());
        assertEquals("invalid semicolon separator in query", UrlEncodedForm.parse("b=1;c=2&a=%zz").error());
    }
}
