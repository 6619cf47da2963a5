package io.hearth.storage.retention;

import io.hearth.storage.block.Block;
import io.hearth.storage.block.Blocks;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Deletes whole blocks whose every sample is older than now minus the retention, as Prometheus
 * does: a block straddling the boundary stays until its newest sample expires. The retention is
 * read at each run, so a change takes effect at the next one.
 */
public final class RetentionPolicy {

    private static final Logger LOG = Logger.getLogger(RetentionPolicy.class.getName());

    private RetentionPolicy() {
    }

    /** The blocks entirely before {@code nowMillis - retentionMillis}. */
    public static List<Block> expired(List<Block> blocks, long nowMillis, long retentionMillis) {
        long boundary = nowMillis - retentionMillis;
        if (retentionMillis == Long.MAX_VALUE || boundary > nowMillis) {
            return List.of();
        }
        List<Block> out = new ArrayList<>();
        for (Block b : blocks) {
            if (b.meta().maxT() < boundary) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Deletes the expired blocks (files go once running queries release them).
     *
     * @return how many were deleted
     */
    public static int apply(Blocks blocks, long nowMillis, long retentionMillis) {
        List<Block> old = expired(blocks.list(), nowMillis, retentionMillis);
        if (!old.isEmpty()) {
            blocks.replace(old, null);
            LOG.info(() -> "retention of " + retentionMillis + " ms deleted " + old.size() + " block(s): " + old);
        }
        return old.size();
    }
}
