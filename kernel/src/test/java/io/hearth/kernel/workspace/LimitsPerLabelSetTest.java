package io.hearth.kernel.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.kernel.amp.AmpException;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LimitsPerLabelSetTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]|[]",
            "[{\"labelSet\":{\"b\":\"2\",\"a\":\"1\"},\"limits\":{\"maxSeries\":5}}]|[{\"limits\":{\"maxSeries\":5},\"labelSet\":{\"a\":\"1\",\"b\":\"2\"}}]",
            "[{\"labelSet\":{\"a\":\"1\"},\"limits\":{}}]|[{\"limits\":{},\"labelSet\":{\"a\":\"1\"}}]",
    })
    void keepsValidListsInCanonicalForm(String input, String canonical) {
        assertEquals(canonical, LimitsPerLabelSet.canonical(json(input)));
        assertEquals(json(canonical), LimitsPerLabelSet.parse(canonical));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|must be a list",
            "[1]|must be an object",
            "[{\"limits\":{}}]|needs a labelSet",
            "[{\"labelSet\":{\"a\":\"1\"}}]|needs a limits",
            "[{\"labelSet\":{\"1a\":\"1\"},\"limits\":{}}]|not a valid Prometheus label name",
            "[{\"labelSet\":{\"a\":\"\"},\"limits\":{}}]|non-empty string",
            "[{\"labelSet\":{\"a\":\"1\"},\"limits\":{\"maxSeries\":-1}}]|at least 0",
            "[{\"labelSet\":{\"a\":\"1\"},\"limits\":{\"maxSeries\":1.5}}]|whole number",
            "[{\"labelSet\":{\"a\":\"1\"},\"limits\":{}},{\"labelSet\":{\"a\":\"1\"},\"limits\":{}}]|more than once",
    })
    void refusesWhatTheModelDoesNotAllow(String input, String message) {
        AmpException e = assertThrows(AmpException.class, () -> LimitsPerLabelSet.canonical(json(input)));
        assertEquals("ValidationException", e.type());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void nothingStoredReadsAsAnEmptyList() {
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, LimitsPerLabelSet.parse(null));
    }

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }
}
