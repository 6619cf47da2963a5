package io.hearth.promql.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluates contiguous partitions of one query's selected series at once: the query's own thread
 * and whichever workers of one shared, bounded pool are idle claim partitions in turn, and the
 * results come back in partition order, so the output is the one a single thread gives.
 *
 * <p>A worker only joins when it is idle at that moment (the pool queues nothing): under load
 * every query runs on its own thread as before, and no query waits for another's work. The pool
 * has {@code hearth.promql.query-threads - 1} threads at most (default: available processors;
 * 1 turns this off), which end after a minute idle. The caller returns or throws only once every
 * worker that started on its partitions has finished, so nothing reads storage after the query
 * closed it; the first failure (lowest partition) is rethrown and stops the claiming of more.
 */
final class SeriesPartitions {

    /** Threads that may evaluate one query, the caller's included. */
    static final int THREADS = Math.max(1, Integer.getInteger("hearth.promql.query-threads",
            Runtime.getRuntime().availableProcessors()));
    /** Fewest series per partition: below that, the hand-over costs more than it saves. */
    static final int MIN_SERIES = Math.max(1, Integer.getInteger("hearth.promql.min-series-per-partition", 8));
    /** Most partitions per thread: finer ones leave less for the last thread to finish alone. */
    static final int PER_THREAD = Math.max(1, Integer.getInteger("hearth.promql.partitions-per-thread", 4));

    private static final ThreadPoolExecutor POOL = THREADS < 2 ? null : pool();

    private SeriesPartitions() {}

    /** The work of one partition: series {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    interface Work<R> {
        R run(int from, int to);
    }

    /**
     * The results of {@code work} over partitions of {@code items} series, in order; one partition
     * (on the caller's thread) when there are too few series or no pool.
     */
    static <R> List<R> run(int items, Work<R> work) {
        return run(items, MIN_SERIES, work);
    }

    /** {@link #run(int, Work)} with partitions of at least {@code minSeries} series. */
    static <R> List<R> run(int items, int minSeries, Work<R> work) {
        int parts = POOL == null ? 1 : Math.min(items / minSeries, THREADS * PER_THREAD);
        if (parts < 2) {
            return List.of(work.run(0, items));
        }
        Object[] results = new Object[parts];
        Throwable[] errors = new Throwable[parts];
        AtomicInteger next = new AtomicInteger();
        Runnable claim = () -> {
            int p;
            while ((p = next.getAndIncrement()) < parts) {
                try {
                    results[p] = work.run((int) ((long) items * p / parts), (int) ((long) items * (p + 1) / parts));
                } catch (Throwable e) {
                    errors[p] = e;
                    next.set(parts); // stop claiming: the query fails anyway
                }
            }
        };
        List<Helper> helpers = new ArrayList<>(THREADS - 1);
        for (int i = 0; i < Math.min(THREADS - 1, parts - 1); i++) {
            Helper task = new Helper(claim);
            try {
                POOL.execute(task);
            } catch (RejectedExecutionException busy) {
                break; // no idle worker: the caller does the rest
            }
            helpers.add(task);
        }
        claim.run();
        awaitAll(helpers);
        for (Throwable e : errors) {
            if (e != null) {
                throw rethrow(e);
            }
        }
        @SuppressWarnings("unchecked")
        List<R> out = (List<R>) Arrays.asList(results);
        return out;
    }

    /** Waits for every helper that started, even if interrupted, then restores the interrupt. */
    private static void awaitAll(List<Helper> helpers) {
        boolean interrupted = false;
        for (Helper h : helpers) {
            if (h.taken.compareAndSet(false, true)) {
                continue; // had not started: now it never will
            }
            while (true) {
                try {
                    h.done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A worker's turn at claiming partitions. Whoever takes it first, the worker starting it or the
     * caller giving up on it, decides whether it runs; the caller waits only for one that runs.
     */
    private static final class Helper implements Runnable {
        final AtomicBoolean taken = new AtomicBoolean();
        final CountDownLatch done = new CountDownLatch(1);
        private final Runnable claim;

        Helper(Runnable claim) {
            this.claim = claim;
        }

        @Override
        public void run() {
            if (!taken.compareAndSet(false, true)) {
                return;
            }
            try {
                claim.run();
            } finally {
                done.countDown();
            }
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e);
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(0, THREADS - 1, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "hearth-query-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return p;
    }
}
