package io.hearth.storage.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The queriers open on one store, by the generation of the block set they took. A querier holds
 * the head lazily (its chunks are read as the query reaches each series) but the list of blocks
 * from its start; so before the head drops what a new block holds, the cut bumps the generation
 * and waits for the queriers of older generations, which might not have the new block, to close,
 * as Prometheus waits for pending readers before truncating its head. Thread-safe.
 */
final class PendingReaders {

    private static final Logger LOG = Logger.getLogger(PendingReaders.class.getName());

    private final AtomicLong generation = new AtomicLong();
    private final ConcurrentHashMap<Object, Long> open = new ConcurrentHashMap<>();

    /** Registers a querier about to take the current blocks; {@link #close} it with the querier. */
    Object open() {
        Object ticket = new Object();
        open.put(ticket, generation.get());
        return ticket;
    }

    void close(Object ticket) {
        open.remove(ticket);
    }

    /**
     * Starts a new generation (call after changing the block set) and waits until every querier of
     * an earlier one has closed, or {@code timeoutMillis} passed (then logs: a leaked querier must
     * not stop maintenance for ever, though it may miss the data moved meanwhile).
     */
    void awaitOlder(long timeoutMillis) {
        long next = generation.incrementAndGet();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        long sleep = 1;
        while (open.values().stream().anyMatch(g -> g < next)) {
            if (System.nanoTime() > deadline) {
                LOG.warning(() -> "queriers opened " + timeoutMillis + " ms ago are still open; dropping block data"
                        + " from the head anyway");
                return;
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleep = Math.min(50, sleep * 2);
        }
    }
}
