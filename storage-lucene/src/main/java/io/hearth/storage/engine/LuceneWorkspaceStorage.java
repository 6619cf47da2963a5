package io.hearth.storage.engine;

import io.hearth.spi.storage.ActiveSeries;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.StorageStats;
import io.hearth.spi.storage.WorkspaceStorage;
import io.hearth.storage.block.Block;
import io.hearth.storage.block.BlockMeta;
import io.hearth.storage.block.BlockOptions;
import io.hearth.storage.block.BlockQuerier;
import io.hearth.storage.block.BlockWriter;
import io.hearth.storage.block.Blocks;
import io.hearth.storage.compact.CompactionPlanner;
import io.hearth.storage.compact.Compactor;
import io.hearth.storage.head.Head;
import io.hearth.storage.head.HeadTruncation;
import io.hearth.storage.query.MergedQuerier;
import io.hearth.storage.retention.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One workspace's store in the {@code lucene} engine: the {@link Head} (recent samples, WAL) and
 * the immutable {@link Blocks} cut from it. Queries merge both. A background task per store
 * ({@link #maintain}) cuts the head's oldest full block range into a block once the head spans
 * more than 1.5 block ranges (as Prometheus does), compacts blocks and applies retention; these
 * steps run under one maintenance lock, also taken by {@link #flush}. Thread-safe.
 */
public final class LuceneWorkspaceStorage implements WorkspaceStorage {

    private static final Logger LOG = Logger.getLogger(LuceneWorkspaceStorage.class.getName());

    private final String workspaceId;
    private final Path directory;
    private final Head head;
    private final Blocks blocks;
    private final BlockOptions blockOptions;
    private final LongSupplier clock;
    private final Runnable onClose;
    private static final long READER_WAIT_MILLIS = 120_000;

    private final ReentrantLock maintenance = new ReentrantLock();
    private final PendingReaders readers = new PendingReaders();
    private volatile StorageOptions options;
    private volatile ScheduledFuture<?> task;
    private volatile ScheduledFuture<?> forceTask;
    private volatile boolean closed;

    LuceneWorkspaceStorage(String workspaceId, Path directory, Head head, Blocks blocks, StorageOptions options,
            BlockOptions blockOptions, LongSupplier clock, Runnable onClose) {
        this.workspaceId = workspaceId;
        this.directory = directory;
        this.head = head;
        this.blocks = blocks;
        this.options = options;
        this.blockOptions = blockOptions;
        this.clock = clock;
        this.onClose = onClose;
    }

    /**
     * Aligns the head with the blocks after open: what the blocks hold is refused by the head from
     * now on and dropped from its memory (after a crash between a cut and its WAL checkpoint, the
     * replay brought it back), and the series left without samples are removed.
     */
    void afterOpen() throws IOException {
        long maxT = blocks.maxT();
        if (maxT != Long.MIN_VALUE) {
            HeadTruncation.fence(head, maxT + 1);
            HeadTruncation.dropBefore(head, maxT + 1);
            removeEmptySeries();
        }
    }

    /**
     * Starts the background task on {@code scheduler}, and with a WAL force interval above 0 a
     * second one forcing what commits left unforced, so that a pause in writes leaves no
     * acknowledged record unforced for much longer than the interval.
     */
    void schedule(ScheduledExecutorService scheduler, long walForceIntervalMillis) {
        long every = blockOptions.maintenanceIntervalMillis();
        task = scheduler.scheduleWithFixedDelay(this::maintainQuietly, every, every, TimeUnit.MILLISECONDS);
        if (walForceIntervalMillis > 0) {
            forceTask = scheduler.scheduleWithFixedDelay(this::forceWalQuietly, walForceIntervalMillis,
                    walForceIntervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void forceWalQuietly() {
        if (closed) {
            return;
        }
        try {
            head.forceWal();
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.log(Level.SEVERE, "forcing the write-ahead log of " + workspaceId + " failed", e);
            }
        }
    }

    /** The head, for tests of this package. */
    Head head() {
        return head;
    }

    /** The workspace this store belongs to. */
    public String workspaceId() {
        return workspaceId;
    }

    @Override
    public Appender appender() {
        return head.appender();
    }

    @Override
    public Querier querier(long minT, long maxT) {
        Object ticket = readers.open();
        List<Querier> parts = new ArrayList<>();
        try {
            parts.add(head.querier(minT, maxT)); // first: on a timestamp held twice the head's sample wins
            for (Block b : blocks.acquire(minT, maxT)) {
                parts.add(new BlockQuerier(b, minT, maxT));
            }
        } catch (RuntimeException e) {
            parts.forEach(Querier::close);
            readers.close(ticket);
            throw e;
        }
        return new MergedQuerier(parts, () -> readers.close(ticket));
    }

    @Override
    public StorageStats stats() {
        return head.stats().withDisk(blocks.sizeBytes() + walBytes(), blocks.list().size());
    }

    /**
     * From the head's counters. Its {@code since} is the fence below which samples are refused:
     * series the garbage collection left in the head have samples at or after it (their older
     * chunks went to blocks), and every block ends before it.
     */
    @Override
    public ActiveSeries activeSeries() {
        return head.activeSeries();
    }

    private long walBytes() {
        try (Stream<Path> files = Files.list(directory.resolve("wal"))) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The store's blocks, for tests and operators. */
    public List<BlockMeta> blocks() {
        return blocks.list().stream().map(Block::meta).toList();
    }

    @Override
    public void updateOptions(StorageOptions options) {
        this.options = options;
        LOG.info(() -> "storage of " + workspaceId + ": retention now " + options.retentionMillis() + " ms");
    }

    /** The options in force. */
    public StorageOptions options() {
        return options;
    }

    @Override
    public void flush() throws IOException {
        maintenance.lock();
        try {
            ensureOpen();
            long[] range = unflushedRange();
            if (range == null) {
                return;
            }
            long r = blockOptions.blockRangeMillis();
            // one block per aligned range, the last one ending just after the newest sample
            for (long lo = Math.floorDiv(range[0], r) * r; lo <= range[1]; lo += r) {
                cut(Math.min(lo + r, range[1] + 1));
            }
            removeEmptySeries();
            HeadTruncation.checkpointWal(head, range[1] + 1);
        } finally {
            maintenance.unlock();
        }
    }

    /**
     * One round of background work: cut the head while it spans more than 1.5 block ranges, then
     * compact, then apply retention. Public for tests, which call it instead of waiting.
     */
    public void maintain() throws IOException {
        maintenance.lock();
        try {
            ensureOpen();
            long r = blockOptions.blockRangeMillis();
            long cutTo = Long.MIN_VALUE;
            for (long[] range = unflushedRange(); range != null && range[1] - range[0] > r + r / 2;
                    range = unflushedRange()) {
                cutTo = Math.floorDiv(range[0], r) * r + r;
                cut(cutTo);
            }
            if (cutTo != Long.MIN_VALUE) {
                removeEmptySeries();
                HeadTruncation.checkpointWal(head, cutTo);
            }
            List<Long> ranges = CompactionPlanner.ranges(r, options.retentionMillis());
            while (Compactor.compactOnce(blocks, ranges, HeadTruncation.minValidTime(head), clock.getAsLong())) {
                // again, until nothing is left to merge
            }
            RetentionPolicy.apply(blocks, clock.getAsLong(), options.retentionMillis());
        } finally {
            maintenance.unlock();
        }
    }

    /**
     * The time range of the head's samples not yet in a block: from the fence (a chunk straddling
     * it stays in memory, but its older part is already in a block) to the newest sample; null if
     * there are none.
     */
    private long[] unflushedRange() {
        long[] range = HeadTruncation.timeRange(head);
        if (range == null) {
            return null;
        }
        long from = Math.max(range[0], HeadTruncation.minValidTime(head));
        return from > range[1] ? null : new long[] {from, range[1]};
    }

    private void maintainQuietly() {
        if (closed) {
            return;
        }
        try {
            maintain();
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "storage maintenance of " + workspaceId + " failed; retried in "
                        + blockOptions.maintenanceIntervalMillis() + " ms", e);
            }
        }
    }

    /**
     * Cuts everything in the head before {@code hi} (and not in a block yet) into a block and drops
     * it from memory; the caller holds the maintenance lock and checkpoints the WAL after its last
     * cut, once for all of them.
     */
    private void cut(long hi) throws IOException {
        long start = System.nanoTime();
        long from = HeadTruncation.minValidTime(head); // below it, chunks straddling the last cut are in a block
        HeadTruncation.fence(head, hi);
        BlockMeta meta;
        try (Querier q = head.querier(from, hi - 1)) {
            meta = BlockWriter.write(blocks.directory(), blocks.space(), q.select(from, hi - 1, List.of()), 1,
                    List.of(), List.of(), clock.getAsLong());
        }
        if (meta != null) {
            blocks.add(meta);
            readers.awaitOlder(READER_WAIT_MILLIS); // queriers without the new block still read the head
        }
        long dropped = HeadTruncation.dropBefore(head, hi);
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info(() -> "storage of " + workspaceId + ": cut the head before " + hi + " into "
                + (meta == null ? "no block" : meta.id() + " (" + meta.series() + " series, " + meta.samples()
                + " samples, " + meta.chunkBytes() + " chunk bytes)") + ", dropped " + dropped
                + " samples from memory, in " + millis + " ms");
    }

    /** Removes the series the cuts left without samples, before the checkpoint, which then leaves them out. */
    private void removeEmptySeries() throws IOException {
        long start = System.nanoTime();
        int removed = HeadTruncation.removeEmptySeries(head);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (removed > 0) {
            LOG.info(() -> "storage of " + workspaceId + ": removed " + removed + " series without samples from the head in "
                    + millis + " ms");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("storage of " + workspaceId + " is closed");
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {task, forceTask}) {
            if (t != null) {
                t.cancel(false);
            }
        }
        maintenance.lock(); // a running maintenance round finishes first
        try {
            head.close();
        } finally {
            try {
                blocks.close();
            } finally {
                maintenance.unlock();
                onClose.run();
            }
        }
    }
}
