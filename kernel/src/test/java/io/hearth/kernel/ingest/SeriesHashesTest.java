package io.hearth.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.hearth.spi.storage.Labels;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesHashesTest {

    @Test
    void agreesWithAHashSetUnderRandomAddsAndRemoves() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        SeriesHashes set = new SeriesHashes();
        Set<Long> model = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            // A small key space, with keys that collide on their low bits, so probe chains form and break.
            long key = random.nextInt(4) == 0 ? ((long) random.nextInt(64) << 40) + 1 : 1 + random.nextInt(5000);
            switch (random.nextInt(3)) {
                case 0 -> assertEquals(model.add(key), set.add(key), "seed " + seed);
                case 1 -> assertEquals(model.remove(key), set.remove(key), "seed " + seed);
                default -> assertEquals(model.contains(key), set.contains(key), "seed " + seed);
            }
            assertEquals(model.size(), set.size(), "seed " + seed);
        }
    }

    @Test
    void theHashOfPairsEqualsTheHashOfStoredLabelsAndSeparatesBoundaries() {
        Labels labels = Labels.of("__name__", "up", "job", "api");
        assertEquals(SeriesHashes.hash(labels.toPairs()), SeriesHashes.hash(labels));
        assertNotEquals(SeriesHashes.hash(new String[] {"ab", "c"}), SeriesHashes.hash(new String[] {"a", "bc"}));
        assertNotEquals(SeriesHashes.hash(new String[] {"a", "b"}), SeriesHashes.hash(new String[] {"b", "a"}));
    }
}
