package io.hearth.storage.bench;

import io.hearth.spi.chunk.WorkspaceChunks;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.Block;
import io.hearth.storage.block.BlockMeta;
import io.hearth.storage.block.BlockQuerier;
import io.hearth.storage.block.BlockWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Rewrites the blocks of a kept workspace directory (e.g. from {@code dev/bench-storage
 * --keep=true}) with the current {@link BlockWriter} into a second workspace directory, and prints
 * the bytes per series of each kind of index file in both: a measure of an index layout change on
 * the bench's data. The second directory can then go to {@link BlockSelectAB} against the first.
 * Usage: {@code BlockIndexSize <workspace dir> <new workspace dir>}.
 */
public final class BlockIndexSize {

    private BlockIndexSize() {
    }

    public static void main(String[] args) throws Exception {
        Path from = Path.of(args[0]);
        Path to = Path.of(args[1]);
        WorkspaceChunks in = new LocalDiskChunkBackend().workspace(from.getFileName().toString(), from);
        Files.createDirectories(to.resolve("blocks"));
        WorkspaceChunks out = new LocalDiskChunkBackend().workspace(to.getFileName().toString(), to);
        long series = 0;
        long now = System.currentTimeMillis();
        for (Path b : blocks(from)) {
            Block block = Block.open(b, in);
            series += block.meta().series();
            try (BlockQuerier q = new BlockQuerier(block, Long.MIN_VALUE, Long.MAX_VALUE)) {
                BlockMeta m = BlockWriter.write(to.resolve("blocks"), out,
                        q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of(LabelMatcher.regex("__name__", ".+"))),
                        block.meta().level(), List.of(), List.of(), now++);
                System.out.printf(Locale.ROOT, "%s: %,d series -> %s: %,d series%n", block.meta().id(), block.meta().series(),
                        m.id(), m.series());
            }
            block.release();
        }
        Map<String, long[]> sizes = new TreeMap<>();
        add(sizes, from, 0);
        add(sizes, to, 1);
        long[] total = new long[2];
        System.out.printf(Locale.ROOT, "%-12s %12s %12s   (bytes per series of %,d series summed over blocks)%n", "file", "before", "after", series);
        for (Map.Entry<String, long[]> e : sizes.entrySet()) {
            System.out.printf(Locale.ROOT, "%-12s %12.2f %12.2f%n", e.getKey(), (double) e.getValue()[0] / series,
                    (double) e.getValue()[1] / series);
            total[0] += e.getValue()[0];
            total[1] += e.getValue()[1];
        }
        System.out.printf(Locale.ROOT, "%-12s %12.2f %12.2f   (%,d and %,d bytes)%n", "index", (double) total[0] / series,
                (double) total[1] / series, total[0], total[1]);
    }

    private static List<Path> blocks(Path workspace) throws Exception {
        try (Stream<Path> s = Files.list(workspace.resolve("blocks"))) {
            return s.filter(p -> !p.getFileName().toString().contains(".")).sorted().toList();
        }
    }

    private static void add(Map<String, long[]> sizes, Path workspace, int side) throws Exception {
        for (Path b : blocks(workspace)) {
            try (Stream<Path> files = Files.list(b.resolve(BlockWriter.INDEX_DIR))) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    String kind = name.startsWith("segments") ? "segments_N" : name.contains(".")
                            ? name.substring(name.lastIndexOf('.')) : name;
                    sizes.computeIfAbsent(kind, k -> new long[2])[side] += Files.size(f);
                }
            }
        }
    }
}
