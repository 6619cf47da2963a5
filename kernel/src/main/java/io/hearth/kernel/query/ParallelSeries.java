package io.hearth.kernel.query;

import io.hearth.spi.query.QueryValue;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Writes the series of a large matrix answer with the help of an idle core: the series are cut
 * into parts of about {@link #PART_POINTS} points; the answering thread and whichever workers of
 * one shared, bounded pool are idle at that moment claim parts in turn. The answering thread
 * writes the lowest part not yet written straight into the answer, and any other part it claims,
 * as the workers write theirs, into memory, which is appended in order once every part before it
 * is out. So the bytes are the ones a single thread writes, and the answer stays a stream: no
 * part is claimed more than {@link #AHEAD} parts past the last one written, which bounds what is
 * held in memory whatever the client's reading speed.
 *
 * <p>As {@code SeriesPartitions} in the query engine: the pool queues nothing, so a worker only
 * joins when it is idle (under load every answer is written on its own thread, as before) and no
 * answer waits for another's work; it has {@code hearth.query.answer-threads - 1} threads at most
 * (default: available processors; 1 turns this off), which end after a minute idle. Answers of
 * fewer than {@link #MIN_POINTS} points are written by their own thread alone. A worker reads only
 * the finished, immutable answer, so the answering thread does not wait for it when the client
 * goes away; a worker that fails (a bug) fails the answer.
 */
final class ParallelSeries {

    /** Threads that may write one answer, the answering thread included. */
    static final int THREADS = Math.max(1, Integer.getInteger("hearth.query.answer-threads",
            Runtime.getRuntime().availableProcessors()));
    /**
     * Fewest points in an answer worth the hand-over ({@code hearth.query.answer-min-points}).
     * 16Ki (a dashboard panel's 19 series of 1,441 points are 27Ki) made such a panel's write
     * faster in {@code QueryAnswerBenchmark} (2.1-2.3 to 1.4-1.8 ms) but the panels' queries slower
     * end to end in three of three alternated pairs, so the default stays at 64Ki.
     */
    static final int MIN_POINTS = Math.max(2, Integer.getInteger("hearth.query.answer-min-points", 65_536));
    /** Points per part ({@code hearth.query.answer-part-points}): about a megabyte of JSON. */
    static final int PART_POINTS = Math.max(1, Integer.getInteger("hearth.query.answer-part-points", 16_384));
    /** How many parts past the last one written may be claimed. */
    static final int AHEAD = 4;

    private static final ThreadPoolExecutor POOL = THREADS < 2 ? null : pool();

    private ParallelSeries() {
    }

    /** Writes series {@code i} of {@code series}, preceded by its comma unless {@code i} is 0. */
    @FunctionalInterface
    interface SeriesWriter {
        void write(JsonBytes g, List<QueryValue.RangeSeries> series, int i) throws IOException;
    }

    /** Writes every series of {@code series} into {@code g}, in order, through {@code writer}. */
    static void write(JsonBytes g, List<QueryValue.RangeSeries> all, SeriesWriter writer) throws IOException {
        List<QueryValue.RangeSeries> series = all instanceof RandomAccess ? all : List.copyOf(all);
        int[] bounds = POOL == null ? null : parts(series);
        if (bounds == null) {
            for (int i = 0; i < series.size(); i++) {
                writer.write(g, series, i);
            }
            return;
        }
        new Answer(g, series, writer, bounds).write();
    }

    /**
     * The first series of each part and, last, the number of series; null when the answer is too
     * small to share.
     */
    static int[] parts(List<QueryValue.RangeSeries> series) {
        long points = 0;
        for (QueryValue.RangeSeries s : series) {
            points += s.timestamps().length;
        }
        if (points < MIN_POINTS) {
            return null;
        }
        // each part but the last counts at least PART_POINTS (a series counts its points and one)
        int[] bounds = new int[(int) Math.min(series.size(), (points + series.size()) / PART_POINTS + 1) + 1];
        int parts = 0;
        long inPart = 0;
        for (int i = 0; i < series.size(); i++) {
            if (inPart == 0) {
                bounds[parts++] = i;
            }
            inPart += series.get(i).timestamps().length + 1;
            if (inPart >= PART_POINTS) {
                inPart = 0;
            }
        }
        if (parts < 2) {
            return null;
        }
        int[] out = java.util.Arrays.copyOf(bounds, parts + 1);
        out[parts] = series.size();
        return out;
    }

    /** One answer's parts, shared by its thread and the workers that join it. */
    private static final class Answer {
        private final JsonBytes out;
        private final List<QueryValue.RangeSeries> series;
        private final SeriesWriter writer;
        private final int[] bounds;
        private final int parts;
        /** The next part to claim. */
        private final AtomicInteger next = new AtomicInteger();
        /** Parts written into memory, until appended. */
        private final AtomicReferenceArray<JsonBytes> done;
        /** Parts appended to the answer; workers claim no further than {@link #AHEAD} past it. */
        private volatile int written;
        /** Set when the answer failed or ended: workers claim no more. */
        private volatile boolean stopped;
        private volatile Throwable failure;

        Answer(JsonBytes out, List<QueryValue.RangeSeries> series, SeriesWriter writer, int[] bounds) {
            this.out = out;
            this.series = series;
            this.writer = writer;
            this.bounds = bounds;
            this.parts = bounds.length - 1;
            this.done = new AtomicReferenceArray<>(parts);
        }

        void write() throws IOException {
            for (int i = 0; i < Math.min(THREADS - 1, parts - 1); i++) {
                try {
                    POOL.execute(this::help);
                } catch (RejectedExecutionException busy) {
                    break; // no idle worker: this thread does the rest
                }
            }
            try {
                while (written < parts) {
                    int lowest = written;
                    JsonBytes ready = done.get(lowest);
                    if (ready != null) {
                        out.append(ready);
                        done.set(lowest, null);
                        written = lowest + 1;
                        continue;
                    }
                    int p = next.get();
                    if (p == lowest && next.compareAndSet(p, p + 1)) {
                        writePart(out, p); // nobody is ahead: straight into the answer
                        written = p + 1;
                    } else if (p < parts && p <= lowest + AHEAD && next.compareAndSet(p, p + 1)) {
                        done.set(p, inMemory(p)); // a worker is on the lowest part: take a later one meanwhile
                    } else if (p > lowest) {
                        awaitPart(lowest);
                    }
                }
            } finally {
                stopped = true;
            }
        }

        /** A worker's turn: claims parts while there are any within reach, then leaves. */
        private void help() {
            try {
                while (!stopped) {
                    int p = next.get();
                    if (p >= parts || p > written + AHEAD) {
                        return;
                    }
                    if (next.compareAndSet(p, p + 1)) {
                        done.set(p, inMemory(p));
                        wake();
                    }
                }
            } catch (Throwable e) {
                failure = e;
                stopped = true;
                wake();
            }
        }

        private JsonBytes inMemory(int p) throws IOException {
            int points = 0;
            for (int i = bounds[p]; i < bounds[p + 1]; i++) {
                points += series.get(i).timestamps().length;
            }
            JsonBytes part = JsonBytes.inMemory(points * 32 + 1024);
            writePart(part, p);
            return part;
        }

        private void writePart(JsonBytes g, int p) throws IOException {
            for (int i = bounds[p]; i < bounds[p + 1]; i++) {
                writer.write(g, series, i);
            }
        }

        private synchronized void wake() {
            notifyAll();
        }

        /** Waits for a worker to finish part {@code p}, or to fail. */
        private synchronized void awaitPart(int p) throws IOException {
            while (done.get(p) == null) {
                Throwable e = failure;
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                if (e instanceof Error err) {
                    throw err;
                }
                if (e != null) {
                    throw new IOException("writing part of a query answer failed", e);
                }
                try {
                    wait();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while writing a query answer");
                }
            }
        }
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, THREADS - 1, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "hearth-answer-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
