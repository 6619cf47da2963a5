package io.hearth.storage.engine;

import static io.hearth.storage.engine.BlockLifecycleTest.RANGE;
import static io.hearth.storage.engine.BlockLifecycleTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.BlockOptions;
import io.hearth.storage.head.HeadOptions;
import io.hearth.storage.wal.WalOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cuts, compactions and queries racing appends: one thread appends a sample to every series each
 * simulated second, one runs maintenance rounds back to back (cutting, checkpointing the WAL,
 * compacting), and one queries; every query must see each series with exactly the samples
 * acknowledged before it opened (one per second, none twice), whether they sit in the head, in a
 * block or in a block being replaced. Then a reopen must see all of them. And, step by step, a
 * querier opened before a cut keeps the samples the cut moves into a block it does not hold.
 */
class BlockConcurrencyTest {

    static final int SERIES = 20;
    static final long STEP = 1000;

    @TempDir
    Path dir;

    @Test
    void queriesSeeEveryAcknowledgedSampleOnceWhileBlocksAreCutAndCompacted() throws Exception {
        LuceneStorageEngine engine = new LuceneStorageEngine(new HeadOptions(0, RANGE, 16, WalOptions.defaults()),
                new BlockOptions(RANGE, 3_600_000), new LocalDiskChunkBackend(), new AtomicLong(T0)::get);
        List<Labels> series = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            series.add(Labels.of("__name__", "c", "i", Integer.toString(i)));
        }
        AtomicLong acked = new AtomicLong(T0 - STEP); // the newest timestamp every series has
        AtomicBoolean stop = new AtomicBoolean();
        long end = T0 + 12 * RANGE;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        int queries;
        int rounds;
        try (LuceneWorkspaceStorage s = (LuceneWorkspaceStorage) engine.open("ws", dir, StorageOptions.defaults())) {
            Future<?> writer = pool.submit(() -> {
                for (long t = T0; t < end; t += STEP) {
                    Appender a = s.appender();
                    for (Labels l : series) {
                        a.append(l, t, t);
                    }
                    a.commit();
                    assertEquals(List.of(), a.rejections());
                    acked.set(t);
                }
                return null;
            });
            Future<Integer> maintainer = pool.submit(() -> {
                int n = 0;
                do { // at least once, even if a loaded machine runs the writer to its end first
                    s.maintain();
                    n++;
                } while (!stop.get());
                return n;
            });
            Future<Integer> reader = pool.submit(() -> {
                int n = 0;
                do {
                    long upTo = acked.get();
                    try (Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                        assertComplete(q, upTo);
                    }
                    n++;
                } while (!stop.get());
                return n;
            });
            writer.get(5, TimeUnit.MINUTES);
            stop.set(true);
            rounds = maintainer.get(1, TimeUnit.MINUTES);
            queries = reader.get(1, TimeUnit.MINUTES);
            s.maintain();
            assertTrue(s.blocks().stream().anyMatch(b -> b.level() > 1), "compaction ran: " + s.blocks());
            try (Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertComplete(q, end - STEP);
            }
        } finally {
            pool.shutdownNow();
            engine.close();
        }
        assertTrue(queries > 0 && rounds > 0, queries + " queries, " + rounds + " maintenance rounds");
        LuceneStorageEngine again = new LuceneStorageEngine(new HeadOptions(0, RANGE, 16, WalOptions.defaults()),
                new BlockOptions(RANGE, 3_600_000), new LocalDiskChunkBackend(), new AtomicLong(T0)::get);
        try (LuceneWorkspaceStorage s = (LuceneWorkspaceStorage) again.open("ws", dir, StorageOptions.defaults());
                Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertComplete(q, end - STEP);
        } finally {
            again.close();
        }
    }

    @Test
    void aQuerierOpenedBeforeACutReadsTheCutSamplesUntilItCloses() throws Exception {
        LuceneStorageEngine engine = new LuceneStorageEngine(new HeadOptions(0, RANGE, 16, WalOptions.defaults()),
                new BlockOptions(RANGE, 3_600_000), new LocalDiskChunkBackend(), new AtomicLong(T0)::get);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (LuceneWorkspaceStorage s = (LuceneWorkspaceStorage) engine.open("ws", dir, StorageOptions.defaults())) {
            long last = T0 + 2 * RANGE; // the head spans two ranges: maintenance cuts the first
            for (long t = T0; t <= last; t += STEP) {
                Appender a = s.appender();
                for (int i = 0; i < SERIES; i++) {
                    a.append(Labels.of("__name__", "c", "i", Integer.toString(i)), t, t);
                }
                a.commit();
            }
            Querier before = s.querier(Long.MIN_VALUE, Long.MAX_VALUE); // holds no block
            Future<?> cut = pool.submit(() -> {
                s.maintain();
                return null;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (s.blocks().isEmpty() && !cut.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(!s.blocks().isEmpty(), "the cut published its block");
            try {
                cut.get(300, TimeUnit.MILLISECONDS); // a cut that did not wait would drop the head's copy by now
            } catch (java.util.concurrent.TimeoutException expected) {
                // waiting for the querier, as it must
            }
            try (before) {
                assertComplete(before, last);
            }
            cut.get(60, TimeUnit.SECONDS); // released by the close
            try (Querier after = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertComplete(after, last);
            }
            assertTrue(s.stats().headSamples() < (long) SERIES * (2 * RANGE / STEP), "the cut dropped samples from the head");
        } finally {
            pool.shutdownNow();
            engine.close();
        }
    }

    /** Every series holds one sample per step from T0 through at least {@code upTo}, each once, value = time. */
    private static void assertComplete(Querier q, long upTo) {
        SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
        SampleIterator it = null;
        int n = 0;
        while (set.next()) {
            n++;
            it = set.at().iterator(it);
            long expect = T0;
            for (ValueType t = it.next(); t != ValueType.NONE; t = it.next()) {
                assertEquals(expect, it.timestamp(), set.at().labels() + ": a sample is missing or repeated");
                assertEquals((double) expect, it.value());
                expect += STEP;
            }
            assertEquals(null, it.err());
            assertTrue(expect > upTo, set.at().labels() + " ends at " + (expect - STEP) + ", acknowledged " + upTo);
        }
        assertEquals(null, set.err());
        // a commit becomes visible series by series as its turn applies it (the head has no read
        // isolation), so a querier opened before the first commit was acknowledged may see any
        // number of its series; from then on every series has an acknowledged sample and must appear
        assertTrue(n == SERIES || upTo < T0, n + " series, acknowledged through " + upTo);
    }
}
