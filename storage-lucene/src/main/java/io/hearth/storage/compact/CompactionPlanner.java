package io.hearth.storage.compact;

import io.hearth.storage.block.BlockMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses which blocks to merge next. Compaction ranges grow by threes from the block range
 * (2 h, 6 h, 18 h, 54 h …), capped at a tenth of the retention or 31 days, whichever is smaller,
 * as Prometheus does. For the smallest range first and the oldest window first, the blocks lying
 * wholly inside one aligned window of that range are merged when there are at least two and the
 * head no longer accepts samples in the window (so the result is final). A pure function of its
 * inputs.
 */
public final class CompactionPlanner {

    private static final long MAX_RANGE_MILLIS = 31L * 24 * 3600_000L;

    private CompactionPlanner() {
    }

    /** The compaction ranges for a block range and retention, smallest first (the block range included). */
    public static List<Long> ranges(long blockRange, long retentionMillis) {
        long cap = Math.min(MAX_RANGE_MILLIS, retentionMillis / 10);
        List<Long> out = new ArrayList<>();
        out.add(blockRange);
        for (long r = blockRange * 3; r <= cap && r > 0; r *= 3) {
            out.add(r);
        }
        return out;
    }

    /**
     * The blocks to merge into one, or an empty list.
     *
     * @param blocks the current blocks, ordered by time
     * @param ranges from {@link #ranges}
     * @param fence the head's minimum valid time: no new sample can land below it
     */
    public static List<BlockMeta> plan(List<BlockMeta> blocks, List<Long> ranges, long fence) {
        for (int r = 1; r < ranges.size(); r++) {
            long range = ranges.get(r);
            int i = 0;
            while (i < blocks.size()) {
                long window = Math.floorDiv(blocks.get(i).minT(), range) * range;
                long end = window + range;
                List<BlockMeta> inside = new ArrayList<>();
                boolean straddles = false;
                int j = i;
                for (; j < blocks.size() && blocks.get(j).minT() < end; j++) {
                    if (blocks.get(j).maxT() < end) {
                        inside.add(blocks.get(j));
                    } else {
                        straddles = true;
                    }
                }
                if (inside.size() >= 2 && !straddles && end <= fence) {
                    return inside;
                }
                i = Math.max(j, i + 1);
            }
        }
        return List.of();
    }
}
