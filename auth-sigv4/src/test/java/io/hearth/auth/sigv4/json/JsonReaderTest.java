package io.hearth.auth.sigv4.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.auth.sigv4.json.JsonValue.JsonArray;
import io.hearth.auth.sigv4.json.JsonValue.JsonBoolean;
import io.hearth.auth.sigv4.json.JsonValue.JsonNull;
import io.hearth.auth.sigv4.json.JsonValue.JsonNumber;
import io.hearth.auth.sigv4.json.JsonValue.JsonObject;
import io.hearth.auth.sigv4.json.JsonValue.JsonString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

    @Test
    void readsEveryKindOfValue() throws Exception {
        JsonValue value = JsonReader.read(" {\"a\": [1, -2.5e3, 0, true, false, null, \"x\"], \"b\": {}, \"c\": []}\n");
        assertEquals(new JsonObject(Map.of(
                "a", new JsonArray(List.of(new JsonNumber("1"), new JsonNumber("-2.5e3"), new JsonNumber("0"),
                        new JsonBoolean(true), new JsonBoolean(false), new JsonNull(), new JsonString("x"))),
                "b", new JsonObject(Map.of()),
                "c", new JsonArray(List.of()))), value);
    }

    @Test
    void keepsMemberOrder() throws Exception {
        JsonObject object = (JsonObject) JsonReader.read("{\"z\":1,\"a\":2,\"m\":3}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(object.members().keySet()));
    }

    @Test
    void unescapesStrings() throws Exception {
        assertEquals(new JsonString("\"\\/\b\f\n\r\té😀"),
                JsonReader.read("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\""));
        assertEquals(new JsonString("ünïcode ✓"), JsonReader.read("\"ünïcode ✓\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "{",
        "{\"a\":1,}",
        "[1,]",
        "[1 2]",
        "{'a':1}",
        "{a:1}",
        "{\"a\" 1}",
        "{\"a\":1}{}",
        "{\"a\":1} x",
        "// c\n{}",
        "{\"a\":1, \"a\":2}",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "+1",
        "NaN",
        "tru",
        "nul",
        "\"unterminated",
        "\"tab\there\"",
        "\"bad \\x escape\"",
        "\"\\u12\"",
        "\"\\ud83d\"",
        "\"\\ude00\"",
        "\"\\ud83dx\"",
        "\ufeff{}",
    })
    void refusesWhatIsNotStrictJson(String text) {
        assertThrows(JsonException.class, () -> JsonReader.read(text));
    }

    @Test
    void refusesDeepNesting() throws Exception {
        JsonReader.read("[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH));
        String tooDeep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        JsonException e = assertThrows(JsonException.class, () -> JsonReader.read(tooDeep));
        assertTrue(e.getMessage().startsWith("Nesting deeper than"));
    }

    @Test
    void errorsSayWhere() {
        JsonException e = assertThrows(JsonException.class, () -> JsonReader.read("{\n  \"a\": 1,\n  \"a\": 2\n}"));
        assertEquals("Duplicate member name \"a\" at line 3, column 3", e.getMessage());
        assertEquals(3, e.line());
        assertEquals(3, e.column());
    }
}
