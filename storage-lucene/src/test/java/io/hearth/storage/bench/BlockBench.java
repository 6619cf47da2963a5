package io.hearth.storage.bench;

import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.storage.backend.LocalDiskChunkBackend;
import io.hearth.storage.block.BlockMeta;
import io.hearth.storage.block.BlockOptions;
import io.hearth.storage.engine.LuceneStorageEngine;
import io.hearth.storage.engine.LuceneWorkspaceStorage;
import io.hearth.storage.head.HeadOptions;
import io.hearth.storage.wal.WalOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Bytes per sample on disk once the head is cut into blocks, on data shaped like node_exporter's:
 * counters of seconds with two decimals, byte gauges moving by pages, constant info and size series,
 * classic-histogram bucket counters; 15 s scrapes with a fixed offset per host and up to
 * {@code jitterMillis} of jitter per sample. Prints the chunk stream's bytes per sample, the whole block's (index and meta too), and
 * the time to flush the head into blocks and to compact them.
 */
final class BlockBench {

    private BlockBench() {
    }

    static void run(Path dir, int seriesCount, long hours, int jitterMillis) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Random rnd = new Random(42);
        List<Labels> series = new ArrayList<>();
        int[] kind = new int[seriesCount];
        double[] value = new double[seriesCount];
        double[] rate = new double[seriesCount];
        long[] offset = new long[seriesCount];
        for (int i = 0; i < seriesCount; i++) {
            int host = i / 500;
            series.add(Labels.of("__name__", "node_metric_" + (i % 500 / 5), "instance", "host-" + host + ":9100",
                    "job", "node", "k", Integer.toString(i % 5)));
            int r = rnd.nextInt(10);
            kind[i] = r < 4 ? 0 : r < 7 ? 1 : r < 9 ? 2 : 3;
            value[i] = kind[i] == 1 ? 1L << 30 : rnd.nextInt(1000);
            rate[i] = rnd.nextDouble() * (kind[i] == 3 ? 0.5 : 2);
            offset[i] = (host * 37L) % 15_000;
        }
        long start = 1_700_000_000_000L - (1_700_000_000_000L % 7_200_000L);
        long end = start + hours * 3600_000L;
        long samples = 0;
        LuceneStorageEngine engine = new LuceneStorageEngine(HeadOptions.defaults(), BlockOptions.defaults(),
                new LocalDiskChunkBackend(), System::currentTimeMillis);
        try (LuceneWorkspaceStorage s = (LuceneWorkspaceStorage) engine.open("bench", dir,
                StorageOptions.defaults().withRetentionMillis(Long.MAX_VALUE / 4))) {
            long appendStart = System.nanoTime();
            for (long t = start; t < end; t += 15_000) {
                Appender a = s.appender();
                for (int i = 0; i < seriesCount; i++) {
                    switch (kind[i]) {
                        case 0 -> value[i] = Math.round((value[i] + rate[i] * 15 * (0.9 + 0.2 * rnd.nextDouble())) * 100) / 100.0;
                        case 1 -> {
                            if (rnd.nextInt(3) == 0) {
                                value[i] += 4096 * (rnd.nextInt(21) - 10);
                            }
                        }
                        case 3 -> value[i] += rnd.nextDouble() < rate[i] ? 1 + rnd.nextInt(3) : 0;
                        default -> {
                        }
                    }
                    a.append(series.get(i), t + offset[i] + (jitterMillis == 0 ? 0 : rnd.nextInt(jitterMillis + 1)), value[i]);
                    samples++;
                }
                a.commit();
            }
            double appendSeconds = (System.nanoTime() - appendStart) / 1e9;
            long flushStart = System.nanoTime();
            s.flush();
            double flushSeconds = (System.nanoTime() - flushStart) / 1e9;
            long chunkBytes = 0;
            for (BlockMeta b : s.blocks()) {
                chunkBytes += b.chunkBytes();
            }
            long blockBytes = s.stats().bytesOnDisk() - walBytes(dir);
            System.out.printf(Locale.ROOT, "blocks: %,d series x %d h at 15 s (jitter %d ms) = %,d samples appended in %.1f s; flushed into %d"
                    + " blocks in %.2f s%n", seriesCount, hours, jitterMillis, samples, appendSeconds, s.blocks().size(), flushSeconds);
            System.out.printf(Locale.ROOT, "blocks: %.3f chunk bytes/sample, %.3f block bytes/sample (chunks + index + meta)%n",
                    chunkBytes / (double) samples, blockBytes / (double) samples);
            select(s, List.of(LabelMatcher.equal("__name__", "node_metric_7"), LabelMatcher.equal("instance", "host-3:9100"),
                    LabelMatcher.equal("k", "2")), end - 3600_000L, end);
            select(s, List.of(LabelMatcher.equal("job", "node")), end - 3600_000L, end);
            // blocks are compacted once the head moves on: one more range of samples closes the windows
            long compactStart = System.nanoTime();
            s.maintain();
            System.out.printf(Locale.ROOT, "blocks: maintenance round (compaction) %.2f s, %d blocks after, %.3f block"
                    + " bytes/sample%n", (System.nanoTime() - compactStart) / 1e9, s.blocks().size(),
                    (s.stats().bytesOnDisk() - walBytes(dir)) / (double) samples);
        } finally {
            engine.close();
        }
    }

    /** Select-and-read latency over blocks: the median of a few runs after a warm-up. */
    private static void select(LuceneWorkspaceStorage s, List<LabelMatcher> matchers, long lo, long hi) {
        long[] nanos = new long[7];
        int series = 0;
        long read = 0;
        for (int run = -3; run < nanos.length; run++) {
            long t0 = System.nanoTime();
            series = 0;
            read = 0;
            try (Querier q = s.querier(lo, hi)) {
                SeriesSet set = q.select(lo, hi, matchers);
                SampleIterator it = null;
                while (set.next()) {
                    series++;
                    it = set.at().iterator(it);
                    while (it.next() != ValueType.NONE) {
                        read++;
                    }
                }
            }
            if (run >= 0) {
                nanos[run] = System.nanoTime() - t0;
            }
        }
        java.util.Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "blocks: select %s over 1 h: %,d series, %,d samples in %.2f ms (median)%n",
                matchers, series, read, nanos[nanos.length / 2] / 1e6);
    }

    private static long walBytes(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("wal"))) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
