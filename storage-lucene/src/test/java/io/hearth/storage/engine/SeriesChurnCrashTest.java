package io.hearth.storage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.testing.KilledChild;
import io.hearth.storage.testing.Seeded;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM ({@link ChurnCrashChild}) whose series come and go while it flushes, so that
 * the head removes them, checkpoints leave them out and commits create them again under new refs,
 * with SIGKILL at random moments, and checks after each reopen that every acknowledged batch is
 * there exactly once with its values, in blocks or in the head, and that a batch survived whole or
 * not at all.
 */
@ExtendWith(Seeded.class)
class SeriesChurnCrashTest {

    @Test
    void acknowledgedAppendsSurviveSigkillWhileSeriesAreRemovedAndCreatedAgain(Random rnd, @TempDir Path dir)
            throws Exception {
        long lastAcked = -1;
        for (int round = 0; round < 3; round++) {
            lastAcked = KilledChild.runAndKill(ChurnCrashChild.class, dir, lastAcked, 10 + rnd.nextInt(60));
            lastAcked = verify(dir, lastAcked);
        }
    }

    /** Checks the store and returns the last batch it holds (the acked one, or one more). */
    private static long verify(Path dir, long lastAcked) throws Exception {
        LuceneStorageEngine engine = ChurnCrashChild.engine();
        Map<Integer, List<Long>> held = new HashMap<>();
        try (LuceneWorkspaceStorage s = (LuceneWorkspaceStorage) engine.open("ws", dir, StorageOptions.defaults());
                Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
            while (set.next()) {
                int i = Integer.parseInt(set.at().labels().get("i"));
                List<Long> batches = new ArrayList<>();
                SampleIterator it = set.at().iterator(null);
                while (it.next() != ValueType.NONE) {
                    long b = (it.timestamp() - BlockLifecycleTest.T0) / 1000;
                    assertEquals(ChurnCrashChild.value(b, i), it.value(), "series " + i + " batch " + b);
                    batches.add(b);
                }
                assertNull(it.err());
                assertNull(held.put(i, batches), "series " + i + " selected twice");
            }
        } finally {
            engine.close();
        }
        long last = held.values().stream().mapToLong(l -> l.isEmpty() ? -1 : l.get(l.size() - 1)).max().orElse(-1);
        assertTrue(last >= lastAcked, "acknowledged batch " + lastAcked + " lost; store ends at " + last);
        assertTrue(last <= lastAcked + 1, "store has batch " + last + " beyond the one in flight");
        for (int i = 0; i < ChurnCrashChild.SERIES; i++) {
            List<Long> expected = new ArrayList<>();
            for (long b = 0; b <= last; b++) {
                if (ChurnCrashChild.on(b, i)) {
                    expected.add(b);
                }
            }
            assertEquals(expected, held.getOrDefault(i, List.of()), "series " + i + " through batch " + last);
        }
        return last;
    }
}
