package io.hearth.promql.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SeriesPartitionsTest {

    @Test
    void partitionsComeBackInOrderAndCoverEverySeriesOnce() {
        List<int[]> parts = SeriesPartitions.run(1000, 10, (from, to) -> new int[] {from, to});
        int next = 0;
        for (int[] p : parts) {
            assertEquals(next, p[0]);
            assertTrue(p[1] - p[0] >= 10, "at least the minimum per partition");
            next = p[1];
        }
        assertEquals(1000, next);
    }

    @Test
    void fewSeriesStayOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        List<Thread> parts = SeriesPartitions.run(15, 8, (from, to) -> {
            assertEquals(0, from);
            assertEquals(15, to);
            return Thread.currentThread();
        });
        assertEquals(1, parts.size());
        assertSame(caller, parts.get(0));
    }

    @Test
    void anIdleWorkerTakesPartitionsBesideTheCaller() throws InterruptedException {
        Assumptions.assumeTrue(SeriesPartitions.THREADS >= 2, "needs two threads");
        // A worker joins only if it is idle at that moment: one that is still finishing an earlier
        // query's turn is not, and the caller then runs everything alone. So try a few times; the
        // first two partitions wait for each other and can only both pass on two threads.
        boolean shared = false;
        for (int attempt = 0; attempt < 20 && !shared; attempt++) {
            CyclicBarrier both = new CyclicBarrier(2);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            AtomicBoolean met = new AtomicBoolean();
            SeriesPartitions.run(100, 10, (from, to) -> {
                threads.add(Thread.currentThread());
                if (from < 20) {
                    try {
                        both.await(1, TimeUnit.SECONDS);
                        met.set(true);
                    } catch (TimeoutException | BrokenBarrierException alone) {
                        // no worker was idle: this attempt ran on the caller only
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                return from;
            });
            shared = met.get() && threads.size() >= 2 && threads.contains(Thread.currentThread());
            if (!shared) {
                Thread.sleep(50); // let the worker go back to waiting for work
            }
        }
        assertTrue(shared, "no attempt had a worker evaluate partitions beside the caller");
    }

    @Test
    void theFirstFailureIsThrownOnceNoWorkerRunsAnyMore() {
        Assumptions.assumeTrue(SeriesPartitions.THREADS >= 2, "needs two threads");
        AtomicInteger running = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SeriesPartitions.run(100, 10, (from, to) -> {
            running.incrementAndGet();
            try {
                Thread.sleep(20);
                if (from >= 10) {
                    throw new IllegalStateException("partition from " + from);
                }
                return from;
            } catch (InterruptedException ie) {
                throw new IllegalStateException(ie);
            } finally {
                running.decrementAndGet();
            }
        }));
        assertEquals(0, running.get(), "no partition still running after the throw");
        // every partition but the first fails: the second's error, whichever thread failed first
        int parts = Math.min(10, SeriesPartitions.THREADS * 4);
        assertEquals("partition from " + 100 / parts, e.getMessage());
    }
}
