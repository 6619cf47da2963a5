package io.hearth.storage.engine;

import static io.hearth.storage.engine.BlockLifecycleTest.RANGE;
import static io.hearth.storage.engine.BlockLifecycleTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.Rejection;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.BlockOptions;
import io.hearth.storage.head.HeadOptions;
import io.hearth.storage.wal.WalOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Series churn racing head garbage collection: writers append to series that come and go (each
 * written for {@link #PERIOD} steps, then left alone as long, then written again with the same labels), a
 * maintainer flushes back to back (every flush cuts the whole head into blocks, removes the series
 * left without samples and checkpoints the WAL), and a reader queries. Appenders look series up
 * while buffering and commit after a removal may have run (every tenth step a writer waits
 * for a whole flush between looking its series up and committing); no acknowledged sample may be lost, in
 * any query, after the last flush (when the head holds no series at all), or after a reopen.
 */
class SeriesChurnTest {

    static final int WRITERS = 2;
    static final int SERIES = 10;
    static final int STEPS = 120;
    static final int PERIOD = 30; // steps on, then as many off: longer than a flush, so idle series are removed
    static final long STEP = 1000;

    @TempDir
    Path dir;

    private final Map<Labels, Set<Long>> acked = new ConcurrentHashMap<>();

    private static Labels series(int writer, int i) {
        return Labels.of("__name__", "churn", "w", Integer.toString(writer), "i", Integer.toString(i));
    }

    private static LuceneStorageEngine engine() {
        return new LuceneStorageEngine(new HeadOptions(0, RANGE, 16, WalOptions.defaults()),
                new BlockOptions(RANGE, 3_600_000), new LocalDiskChunkBackend(), new AtomicLong(T0)::get);
    }

    @Test
    void noAcknowledgedSampleIsLostWhileSeriesAreRemovedAndCreatedAgain() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong flushed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        LuceneStorageEngine engine = engine();
        int flushes;
        int queries;
        try (LuceneWorkspaceStorage s = (LuceneWorkspaceStorage) engine.open("ws", dir, StorageOptions.defaults())) {
            Future<?>[] writers = new Future<?>[WRITERS];
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers[w] = pool.submit(() -> {
                    for (int k = 0; k < STEPS; k++) {
                        long t = T0 + k * STEP;
                        Appender a = s.appender();
                        List<Labels> written = new java.util.ArrayList<>();
                        for (int i = 0; i < SERIES; i++) {
                            if ((k / PERIOD + i) % 2 == 0) {
                                a.append(series(writer, i), t, t / 1000.0);
                                written.add(series(writer, i));
                            }
                        }
                        if (k % 10 == 5) {
                            // the series looked up above hold samples up to the step before: wait for a
                            // whole flush to cut them and remove the series before committing, the race
                            // at its widest
                            long seen = flushed.get();
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                            while (flushed.get() < seen + 2 && System.nanoTime() < deadline) {
                                Thread.sleep(1);
                            }
                        }
                        a.commit();
                        Set<Labels> refused = new HashSet<>();
                        for (Rejection r : a.rejections()) {
                            refused.add(r.series()); // older than a flush's fence: the other writer is ahead
                        }
                        for (Labels l : written) {
                            if (!refused.contains(l)) {
                                acked.computeIfAbsent(l, x -> new ConcurrentSkipListSet<>()).add(t);
                            }
                        }
                    }
                    return null;
                });
            }
            Future<Integer> flusher = pool.submit(() -> {
                int n = 0;
                do {
                    s.flush();
                    flushed.incrementAndGet();
                    n++;
                } while (!stop.get());
                return n;
            });
            Future<Integer> reader = pool.submit(() -> {
                int n = 0;
                do {
                    Map<Labels, Set<Long>> before = snapshot();
                    try (Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                        Map<Labels, TreeSet<Long>> seen = read(q);
                        before.forEach((l, ts) -> assertTrue(seen.getOrDefault(l, new TreeSet<>()).containsAll(ts),
                                () -> l + " lost acknowledged samples: acked " + ts + ", read " + seen.get(l)));
                    }
                    n++;
                } while (!stop.get());
                return n;
            });
            for (Future<?> w : writers) {
                w.get(5, TimeUnit.MINUTES);
            }
            stop.set(true);
            flushes = flusher.get(1, TimeUnit.MINUTES);
            queries = reader.get(1, TimeUnit.MINUTES);
            s.flush();
            assertEquals(0, s.stats().series(), "every series is in blocks only");
            try (Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertEquals(snapshot(), read(q));
            }
        } finally {
            pool.shutdownNow();
            engine.close();
        }
        assertTrue(flushes > 1 && queries > 0, flushes + " flushes, " + queries + " queries");
        LuceneStorageEngine again = engine();
        try (LuceneWorkspaceStorage s = (LuceneWorkspaceStorage) again.open("ws", dir, StorageOptions.defaults());
                Querier q = s.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertEquals(0, s.stats().series(), "the checkpoint named no series");
            assertEquals(snapshot(), read(q));
        } finally {
            again.close();
        }
    }

    private Map<Labels, Set<Long>> snapshot() {
        Map<Labels, Set<Long>> out = new HashMap<>();
        acked.forEach((l, ts) -> out.put(l, new TreeSet<>(ts)));
        return out;
    }

    /** Every series's timestamps, checking values and that no sample comes twice. */
    private static Map<Labels, TreeSet<Long>> read(Querier q) {
        Map<Labels, TreeSet<Long>> out = new HashMap<>();
        SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
        while (set.next()) {
            Labels l = set.at().labels();
            TreeSet<Long> ts = new TreeSet<>();
            SampleIterator it = set.at().iterator(null);
            while (it.next() != ValueType.NONE) {
                assertEquals(it.timestamp() / 1000.0, it.value(), l + " at " + it.timestamp());
                assertTrue(ts.add(it.timestamp()), l + " has " + it.timestamp() + " twice");
            }
            assertNull(it.err());
            assertNull(out.put(l, ts), l + " selected twice");
        }
        assertNull(set.err());
        return out;
    }
}
