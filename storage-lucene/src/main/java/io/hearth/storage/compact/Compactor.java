package io.hearth.storage.compact;

import io.hearth.spi.storage.Querier;
import io.hearth.storage.block.Block;
import io.hearth.storage.block.BlockMeta;
import io.hearth.storage.block.BlockQuerier;
import io.hearth.storage.block.BlockWriter;
import io.hearth.storage.block.Blocks;
import io.hearth.storage.query.MergedQuerier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.logging.Logger;

/**
 * Merges blocks into one: reads them through a {@link MergedQuerier} (series merged by labels,
 * samples deduplicated by timestamp), writes the result with {@link BlockWriter} naming the inputs
 * as its parents, and only then swaps it in and deletes the inputs. A crash before the swap leaves
 * the inputs (and a leftover the next open deletes); a crash after it leaves inputs that the next
 * open recognises as superseded.
 */
public final class Compactor {

    private static final Logger LOG = Logger.getLogger(Compactor.class.getName());

    private Compactor() {
    }

    /**
     * Runs one planned compaction, if any.
     *
     * @return whether blocks were merged
     */
    public static boolean compactOnce(Blocks blocks, List<Long> ranges, long fence, long nowMillis) throws IOException {
        List<Block> current = blocks.list();
        List<BlockMeta> metas = current.stream().map(Block::meta).toList();
        List<BlockMeta> plan = CompactionPlanner.plan(metas, ranges, fence);
        if (plan.isEmpty()) {
            return false;
        }
        List<Block> inputs = new ArrayList<>();
        for (Block b : current) {
            if (plan.contains(b.meta())) {
                inputs.add(b);
            }
        }
        compact(blocks, inputs, nowMillis);
        return true;
    }

    /** Merges {@code inputs} (blocks of {@code blocks}) into one new block. */
    public static void compact(Blocks blocks, List<Block> inputs, long nowMillis) throws IOException {
        long start = System.nanoTime();
        List<Querier> parts = new ArrayList<>();
        LinkedHashSet<String> sources = new LinkedHashSet<>();
        List<String> parents = new ArrayList<>();
        int level = 0;
        try {
            for (Block b : inputs) {
                if (!b.acquire()) {
                    throw new IllegalStateException(b + " was dropped while being compacted");
                }
                parts.add(new BlockQuerier(b, Long.MIN_VALUE, Long.MAX_VALUE));
                sources.addAll(b.meta().sources());
                parents.add(b.meta().id());
                level = Math.max(level, b.meta().level());
            }
            BlockMeta meta;
            try (MergedQuerier q = new MergedQuerier(parts)) {
                meta = BlockWriter.write(blocks.directory(), blocks.space(),
                        q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of()), level + 1, List.copyOf(sources), parents,
                        nowMillis);
            }
            parts.clear();
            Block merged = meta == null ? null : openNew(blocks, meta);
            blocks.replace(inputs, merged);
            long millis = (System.nanoTime() - start) / 1_000_000;
            LOG.info(() -> "compacted " + parents + " into " + (meta == null ? "nothing" : meta.id() + " [" + meta.minT()
                    + ", " + meta.maxT() + "] level " + meta.level()) + " in " + millis + " ms");
        } finally {
            for (Querier q : parts) {
                q.close();
            }
        }
    }

    private static Block openNew(Blocks blocks, BlockMeta meta) throws IOException {
        return Block.open(blocks.directory().resolve(meta.id()), blocks.space());
    }
}
