package io.hearth.spi.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void sortsByNameAndDropsEmptyValues() {
        Labels l = Labels.of("job", "api", "__name__", "up", "empty", "");
        assertEquals("{__name__=\"up\", job=\"api\"}", l.toString());
        assertEquals(2, l.size());
        assertEquals("api", l.get("job"));
        assertEquals("", l.get("missing"));
        assertEquals(l, Labels.of(Map.of("__name__", "up", "job", "api")));
        assertEquals(l.hashCode(), Labels.of("__name__", "up", "job", "api").hashCode());
    }

    @Test
    void ordersLabelByLabelWithPrefixFirst() {
        Labels a = Labels.of("a", "1");
        Labels ab = Labels.of("a", "1", "b", "1");
        Labels a2 = Labels.of("a", "2");
        assertTrue(a.compareTo(ab) < 0);
        assertTrue(ab.compareTo(a2) < 0);
        assertEquals(0, ab.compareTo(Labels.of("b", "1", "a", "1")));
        assertNotEquals(a, ab);
    }

    @Test
    void refusesDuplicatesAndUnsortedPairs() {
        assertThrows(IllegalArgumentException.class, () -> Labels.of("a", "1", "a", "2"));
        assertThrows(IllegalArgumentException.class, () -> Labels.ofSortedPairs(new String[] {"b", "1", "a", "1"}));
        assertThrows(IllegalArgumentException.class, () -> Labels.of("a"));
        assertThrows(IllegalArgumentException.class, () -> Labels.of("a", "x\ud800"));
        assertEquals("\ud83d\ude00", Labels.of("a", "\ud83d\ude00").get("a")); // a pair is fine
    }

    @Test
    void builderReplacesAndRemoves() {
        Labels l = Labels.of("a", "1", "b", "2").toBuilder().set("a", "3").remove("b").build();
        assertEquals(Labels.of("a", "3"), l);
    }

    @Test
    void refusesUnpairedSurrogatesEveryTimeAndAcceptsPairsRepeatedly() {
        String pair = "ok\uD83D\uDE00";
        String lone = "bad\uD83D";
        for (int round = 0; round < 3; round++) {
            assertEquals(pair, Labels.ofSortedPairs(new String[] {"a", pair}).get("a"));
            assertThrows(IllegalArgumentException.class, () -> Labels.ofSortedPairs(new String[] {"a", lone}));
            assertThrows(IllegalArgumentException.class, () -> Labels.ofSortedPairs(new String[] {"a", new String(lone)}));
        }
        // "Aa" and "BB" share a hash, so they take turns in one remembered slot
        for (int round = 0; round < 3; round++) {
            assertEquals("BB", Labels.ofSortedPairs(new String[] {"Aa", "BB"}).get("Aa"));
            assertThrows(IllegalArgumentException.class, () -> Labels.ofSortedPairs(new String[] {"Aa", "BB\uDC00"}));
        }
    }
}
