package io.hearth.kernel.amp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagsTest {

    @Test
    void acceptsWhatTheModelAllows() {
        assertDoesNotThrow(() -> Tags.validate("tags", null));
        assertDoesNotThrow(() -> Tags.validate("tags", Map.of("team", "", "cost center", "a/b:c=d+e-f@g_h.i", "ключ", "значение")));
    }

    @Test
    void refusesReservedPrefixesBadCharactersAndTooMany() {
        assertRefused(Map.of("aws:owner", "x"), "must not begin with aws:");
        assertRefused(Map.of("AWS:owner", "x"), "must not begin with aws:");
        assertRefused(Map.of("", "x"), "1 to 128");
        assertRefused(Map.of("k".repeat(129), "x"), "1 to 128");
        assertRefused(Map.of("bad#key", "x"), "1 to 128");
        assertRefused(Map.of("k", "v".repeat(257)), "at most 256");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("k" + i, "v");
        }
        assertRefused(many, "at most 50 tags");
    }

    private static void assertRefused(Map<String, String> tags, String message) {
        AmpException e = assertThrows(AmpException.class, () -> Tags.validate("tags", tags));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.body().toString().contains("\"fieldList\""), e.body().toString());
    }
}
