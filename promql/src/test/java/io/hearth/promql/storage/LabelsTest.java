package io.hearth.promql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Label sets wrapped from sorted pairs are the sets built through the sorting factory. */
class LabelsTest {

    @Test
    void sortedPairsGiveTheSameSetAsTheSortingFactory() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[] names = {"__name__", "a", "b", "instance", "job", "mode", "z", "é"};
        for (int round = 0; round < 1_000; round++) {
            List<String> pairs = new ArrayList<>();
            for (String name : names) {
                if (random.nextBoolean()) {
                    pairs.add(name);
                    pairs.add("v" + random.nextInt(5));
                }
            }
            String[] kv = pairs.toArray(String[]::new);
            Labels sorted = Labels.of(kv.clone());
            Labels wrapped = Labels.ofSortedPairs(kv);
            assertEquals(sorted, wrapped, "seed " + seed);
            assertEquals(sorted.hashCode(), wrapped.hashCode(), "seed " + seed);
            assertEquals(0, sorted.compareTo(wrapped), "seed " + seed);
        }
    }

    @Test
    void pairsThatAreNotALabelSetAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Labels.ofSortedPairs(new String[] {"b", "1", "a", "2"}));
        assertThrows(IllegalArgumentException.class, () -> Labels.ofSortedPairs(new String[] {"a", "1", "a", "2"}));
        assertThrows(IllegalArgumentException.class, () -> Labels.ofSortedPairs(new String[] {"a", ""}));
        assertThrows(IllegalArgumentException.class, () -> Labels.ofSortedPairs(new String[] {"a"}));
    }
}
