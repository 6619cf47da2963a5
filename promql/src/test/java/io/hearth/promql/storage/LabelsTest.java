package io.hearth.promql.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Label sets wrapped from sorted pairs, or with labels dropped, are the sets built through the sorting factory. */
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
    void withoutDropsExactlyTheNamedLabels() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[] names = {"__name__", "a", "b", "instance", "job", "mode", "z", "é"};
        for (int round = 0; round < 1_000; round++) {
            java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
            for (String name : names) {
                if (random.nextBoolean()) {
                    m.put(name, "v" + random.nextInt(5));
                }
            }
            List<String> drop = new ArrayList<>();
            for (String name : names) {
                if (random.nextInt(3) == 0) {
                    drop.add(name);
                }
            }
            Labels l = Labels.of(m);
            Labels got = l.without(drop.toArray(String[]::new));
            drop.forEach(m::remove);
            Labels want = Labels.of(m);
            assertEquals(want, got, "seed " + seed + ": " + l + " without " + drop);
            assertEquals(want.hashCode(), got.hashCode(), "seed " + seed);
            assertEquals(want.size(), got.size(), "seed " + seed);
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
