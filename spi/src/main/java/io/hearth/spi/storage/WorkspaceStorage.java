package io.hearth.spi.storage;

import java.io.Closeable;
import java.io.IOException;

/**
 * The time-series store of one workspace, opened by {@link StorageEngine#open}.
 *
 * <p>The kernel holds one per open workspace and shares it between the ingest path (many threads
 * calling {@link #appender()}), the query engine and the rule evaluator (calling
 * {@link #querier}); every method is thread-safe.
 */
public interface WorkspaceStorage extends Closeable {

    /** A new write batch; cheap, one per request or rule evaluation. */
    Appender appender();

    /**
     * A read view over {@code [minT, maxT]} (inclusive, milliseconds); cheap, one per query.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    Querier querier(long minT, long maxT);

    /** Current counters; cheap enough to call for every metrics scrape. */
    StorageStats stats();

    /**
     * The active series, for the limits on them: called by the write path on every request of a
     * workspace with series limits, from many threads, so it must be cheap (no I/O). The default
     * suits an engine that keeps every series active: the count from {@link #stats()}, all time,
     * no removals.
     */
    default ActiveSeries activeSeries() {
        return new ActiveSeries(stats().series(), Long.MIN_VALUE, 0);
    }

    /**
     * Persists everything in memory now, as the admin endpoint {@code POST /-/flush} asks: an engine
     * with a write-ahead log and blocks cuts its whole head into blocks and truncates the log. Blocks
     * the calling thread until done; appends may continue meanwhile. Samples older than what was
     * flushed may be refused afterwards, as after any block cut.
     *
     * @throws IOException on I/O failure; what was durable stays durable
     */
    default void flush() throws IOException {
    }

    /**
     * Applies changed per-workspace settings (a new retention, a new out-of-order window) without
     * reopening; called by the kernel after UpdateWorkspaceConfiguration, from any thread.
     */
    default void updateOptions(StorageOptions options) {
    }

    /**
     * Flushes what must be flushed and releases files. Acknowledged appends are already durable, so
     * closing is not needed for correctness; after a crash the next open replays the log.
     */
    @Override
    void close() throws IOException;
}
