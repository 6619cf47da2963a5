package io.hearth.storage.bench;

import io.hearth.spi.chunk.WorkspaceChunks;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.Series;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.Block;
import io.hearth.storage.block.BlockQuerier;
import io.hearth.storage.chunk.ChunkAppender;
import io.hearth.storage.chunk.PackedChunk;
import io.hearth.storage.chunk.PackedChunkWriter;
import io.hearth.storage.chunk.XorChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads the blocks of a kept workspace directory (e.g. from {@code dev/bench-storage --keep=true})
 * and prints what their float samples take as they are stored and re-encoded whole per series and
 * block by {@link PackedChunkWriter}: a quick way to measure an encoding change on real bench data
 * without re-running the bench. Usage: {@code BlockRecode <workspace dir>}.
 */
public final class BlockRecode {

    private BlockRecode() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        WorkspaceChunks space = new LocalDiskChunkBackend().workspace(dir.getFileName().toString(), dir);
        List<Path> blocks;
        try (Stream<Path> s = Files.list(dir.resolve("blocks"))) {
            blocks = s.filter(p -> !p.getFileName().toString().contains(".")).sorted().toList();
        }
        PackedChunkWriter packer = new PackedChunkWriter();
        long samples = 0;
        long stored = 0;
        long packed = 0;
        long series = 0;
        long[] t = new long[1 << 16];
        long[] v = new long[1 << 16];
        long encodeNanos = 0;
        long timesOnly = 0;
        List<byte[]> packedChunks = new java.util.ArrayList<>();
        List<byte[]> xorChunks = new java.util.ArrayList<>();
        java.util.Map<String, long[]> families = new java.util.HashMap<>();
        for (Path b : blocks) {
            Block block = Block.open(b, space);
            stored += block.meta().chunkBytes();
            try (BlockQuerier q = new BlockQuerier(block, Long.MIN_VALUE, Long.MAX_VALUE)) {
                SeriesSet set = q.select(Long.MIN_VALUE, Long.MAX_VALUE, List.of());
                SampleIterator it = null;
                while (set.next()) {
                    Series s = set.at();
                    it = s.iterator(it);
                    int n = 0;
                    for (ValueType vt = it.next(); vt == ValueType.FLOAT; vt = it.next()) {
                        if (n == t.length) {
                            t = Arrays.copyOf(t, n * 2);
                            v = Arrays.copyOf(v, n * 2);
                        }
                        t[n] = it.timestamp();
                        v[n++] = Double.doubleToRawLongBits(it.value());
                    }
                    long s0 = System.nanoTime();
                    long packedBefore = packed;
                    for (int from = 0; from < n; from += 1024) {
                        byte[] chunk = packer.encode(Arrays.copyOfRange(t, from, Math.min(n, from + 1024)),
                                Arrays.copyOfRange(v, from, Math.min(n, from + 1024)), Math.min(1024, n - from));
                        packed += chunk.length + 5;
                        packedChunks.add(chunk);
                    }
                    for (int from = 0; from < n; from += XorChunk.TARGET_SAMPLES) {
                        XorChunk x = new XorChunk();
                        ChunkAppender a = x.appender();
                        for (int i = from; i < Math.min(n, from + XorChunk.TARGET_SAMPLES); i++) {
                            a.append(t[i], Double.longBitsToDouble(v[i]));
                        }
                        xorChunks.add(x.bytes());
                    }
                    encodeNanos += System.nanoTime() - s0;
                    long before = packed - packedBefore;
                    long timesBefore = timesOnly;
                    long[] zeros = new long[Math.min(1024, Math.max(n, 1))];
                    for (int from = 0; from < n; from += 1024) {
                        timesOnly += packer.encode(Arrays.copyOfRange(t, from, Math.min(n, from + 1024)), zeros,
                                Math.min(1024, n - from)).length + 5;
                    }
                    samples += n;
                    String name = s.labels().get("__name__");
                    long[] f = families.computeIfAbsent(name, k -> new long[3]);
                    f[0] += n;
                    f[1] += timesOnly - timesBefore;
                    f[2] += before;
                    series++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d blocks, %,d series, %,d samples: stored chunk stream %.3f B/sample, packed %.3f B/sample"
                + " (frames included), encoded in %.2f s%n", blocks.size(), series, samples, (double) stored / samples,
                (double) packed / samples, encodeNanos / 1e9);
        // decode throughput, packed against 120-sample XOR chunks of the same samples, alternating rounds
        PackedChunk.PackedIterator pi = new PackedChunk.PackedIterator();
        XorChunk.XorIterator xi = new XorChunk.XorIterator();
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
        long check = 0;
        for (int round = 0; round < 6; round++) {
            long s0 = System.nanoTime();
            for (byte[] c : packedChunks) {
                pi.reset(c, 0, c.length);
                while (pi.next()) {
                    check += pi.atT() ^ pi.atVBits();
                }
            }
            long s1 = System.nanoTime();
            for (byte[] c : xorChunks) {
                xi.reset(c, 0, c.length);
                while (xi.next()) {
                    check -= xi.atT() ^ xi.atVBits();
                }
            }
            long s2 = System.nanoTime();
            best[0] = Math.min(best[0], s1 - s0);
            best[1] = Math.min(best[1], s2 - s1);
        }
        System.out.printf(Locale.ROOT, "decode, best of 6 rounds: packed %.1f ns/sample, XOR %.1f ns/sample (checksum %s)%n",
                (double) best[0] / samples, (double) best[1] / samples, check == 0 ? "equal" : "DIFFERENT");
        if (Boolean.getBoolean("families")) {
            families.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[2] - b.getValue()[1], a.getValue()[2] - a.getValue()[1]))
                    .limit(25).forEach(e -> System.out.printf(Locale.ROOT, "%-50s %,10d samples %6.2f B/sample values %,10d B%n",
                    e.getKey(), e.getValue()[0], (double) (e.getValue()[2] - e.getValue()[1]) / e.getValue()[0], e.getValue()[2] - e.getValue()[1]));
        }
        System.out.printf(Locale.ROOT, "of which timestamps and headers (values all zero): %.3f B/sample%n", (double) timesOnly / samples);
    }
}
