package io.hearth.storage.bench;

import io.hearth.spi.chunk.WorkspaceChunks;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.Block;
import io.hearth.storage.block.BlockQuerier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Select-and-read latency over the blocks of two kept workspace directories of
 * {@code dev/bench-storage --keep=true} (say, one written before an encoding change and one after),
 * in one JVM with the runs alternating, so that a shared machine's load falls on both alike: the
 * bench's two selects (one series, and the instances of 19 hosts, about 10,000 series) over the
 * last hour of the data. Usage: {@code BlockSelectAB <workspace dir A> <workspace dir B> [runs]}.
 */
public final class BlockSelectAB {

    private BlockSelectAB() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        List<List<Block>> sides = List.of(open(Path.of(args[0])), open(Path.of(args[1])));
        long[] maxT = new long[2];
        for (int side = 0; side < 2; side++) {
            maxT[side] = sides.get(side).stream().mapToLong(b -> b.meta().maxT()).max().orElseThrow();
        }
        StringBuilder hosts = new StringBuilder();
        for (int h = 0; h < 19; h++) {
            hosts.append(h == 0 ? "" : "|").append(h);
        }
        List<List<LabelMatcher>> selects = List.of(
                List.of(LabelMatcher.equal("__name__", "node_memory_MemAvailable_bytes"), LabelMatcher.equal("instance", "host-0:9100")),
                List.of(LabelMatcher.regex("instance", "host-(" + hosts + "):9100")));
        for (List<LabelMatcher> matchers : selects) {
            long[][] nanos = new long[2][runs];
            long[] samples = new long[2];
            for (int run = -2; run < runs; run++) { // two warm-up runs each
                for (int side = 0; side < 2; side++) {
                    long t0 = System.nanoTime();
                    samples[side] = read(sides.get(side), maxT[side] - 3_600_000, maxT[side], matchers);
                    if (run >= 0) {
                        nanos[side][run] = System.nanoTime() - t0;
                    }
                }
            }
            Arrays.sort(nanos[0]);
            Arrays.sort(nanos[1]);
            System.out.printf(Locale.ROOT, "%s: A %.2f ms, B %.2f ms (medians of %d; %,d and %,d samples)%n", matchers,
                    nanos[0][runs / 2] / 1e6, nanos[1][runs / 2] / 1e6, runs, samples[0], samples[1]);
        }
    }

    private static List<Block> open(Path dir) throws Exception {
        WorkspaceChunks space = new LocalDiskChunkBackend().workspace(dir.getFileName().toString(), dir);
        List<Block> blocks = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.resolve("blocks"))) {
            for (Path b : s.filter(p -> !p.getFileName().toString().contains(".")).sorted().toList()) {
                blocks.add(Block.open(b, space));
            }
        }
        return blocks;
    }

    private static long read(List<Block> blocks, long minT, long maxT, List<LabelMatcher> matchers) {
        long samples = 0;
        double sum = 0;
        for (Block b : blocks) {
            if (b.meta().maxT() < minT || !b.acquire()) {
                continue;
            }
            try (BlockQuerier q = new BlockQuerier(b, minT, maxT)) {
                SeriesSet set = q.select(minT, maxT, matchers);
                SampleIterator it = null;
                while (set.next()) {
                    it = set.at().iterator(it);
                    for (ValueType t = it.next(); t == ValueType.FLOAT; t = it.next()) {
                        sum += it.value();
                        samples++;
                    }
                }
            }
        }
        return sum == 42 ? -samples : samples;
    }
}
