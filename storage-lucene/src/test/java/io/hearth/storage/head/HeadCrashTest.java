package io.hearth.storage.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.testing.KilledChild;
import io.hearth.storage.testing.Seeded;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that appends continuously ({@link CrashChild}) with SIGKILL at random moments,
 * reopens its head each time, and checks that every acknowledged batch is there, exactly once and
 * with its values, and that at most the one batch in flight beyond them survived.
 */
@ExtendWith(Seeded.class)
class HeadCrashTest {

    @Test
    void acknowledgedAppendsSurviveSigkill(Random rnd, @TempDir Path dir) throws Exception {
        long lastAcked = -1;
        for (int round = 0; round < 3; round++) {
            lastAcked = KilledChild.runAndKill(CrashChild.class, dir, lastAcked, 5 + rnd.nextInt(200));
            lastAcked = verify(dir, lastAcked);
        }
    }

    /** Checks the store and returns the last batch it holds (the acked one, or one more). */
    private static long verify(Path dir, long lastAcked) throws Exception {
        long held;
        try (Head head = Head.open(dir, HeadOptions.defaults()); Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
            List<Long> counts = new ArrayList<>();
            while (set.next()) {
                int i = Integer.parseInt(set.at().labels().get("i"));
                SampleIterator it = set.at().iterator(null);
                long expectBatch = 0;
                while (it.next() != ValueType.NONE) {
                    assertEquals(expectBatch * 1000, it.timestamp(), "series " + i + " has a gap or a duplicate");
                    assertEquals(CrashChild.value(expectBatch, i), it.value(), "series " + i + " batch " + expectBatch);
                    expectBatch++;
                }
                assertNull(it.err());
                counts.add(expectBatch);
            }
            assertEquals(CrashChild.SERIES, counts.size());
            held = counts.get(0) - 1;
            for (long c : counts) {
                assertTrue(c - 1 >= lastAcked, "acknowledged batch " + lastAcked + " lost; store has " + (c - 1));
                assertTrue(c - 1 <= lastAcked + 1, "store has batch " + (c - 1) + " beyond the one in flight");
            }
            // a batch is one WAL group: all of its samples or none
            for (long c : counts) {
                assertEquals(held + 1, c, "a batch survived partially");
            }
        }
        return held;
    }
}
