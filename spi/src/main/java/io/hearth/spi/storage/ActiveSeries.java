package io.hearth.spi.storage;

/**
 * What limits on active series need to know of a workspace's store, from
 * {@link WorkspaceStorage#activeSeries()}: the kernel reads it on every write request of a workspace
 * with series limits, so an engine answers it from counters, without I/O.
 *
 * <p>The active series are those with recent samples: the series an engine with a head holds in
 * it ({@link StorageStats#series()}), as AMP's active series quota counts them.
 *
 * @param count the active series: the same figure as {@link StorageStats#series()}
 * @param since every active series has a sample at or after this time (milliseconds), and a
 *     {@link WorkspaceStorage#querier querier} from it onwards selects only active series (an engine
 *     with blocks returns the time below which it refuses samples, so no block is read);
 *     {@link Long#MIN_VALUE} for an engine whose every series stays active
 * @param removals how many series stopped being active since the store was opened (a head's
 *     garbage collection removed them); it only grows, and a caller that remembers which series are
 *     active must forget that when it changes
 */
public record ActiveSeries(long count, long since, long removals) {

    public ActiveSeries {
        if (count < 0 || removals < 0) {
            throw new IllegalArgumentException("active series counters are never negative");
        }
    }
}
