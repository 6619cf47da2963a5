package io.hearth.storage.bench;

import io.hearth.storage.chunk.ChunkAppender;
import io.hearth.storage.chunk.ChunkIterator;
import io.hearth.storage.chunk.CounterResetHint;
import io.hearth.storage.chunk.IntHistogram;
import io.hearth.storage.chunk.IntHistogramChunk;
import io.hearth.storage.chunk.XorChunk;
import io.hearth.storage.record.RecordDecoder;
import io.hearth.storage.record.RecordEncoder;
import io.hearth.storage.record.SampleBatch;
import io.hearth.storage.wal.WalOptions;
import io.hearth.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Rough figures for the chunk encoding and the WAL: not a JMH harness, so treat the numbers as
 * orders of magnitude. Run with {@code mvn -pl storage-lucene -Pbench verify}; arguments
 * {@code [seconds per measurement] [wal directory]}. Not part of the test run.
 */
public final class StorageBench {

    private static final int SERIES = 2_000;
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        Path walDir = args.length > 1 ? Path.of(args[1]) : Path.of("target", "bench-wal");
        System.out.printf(Locale.ROOT, "Hearth storage bench: %.1f s per measurement, %d cores, %s%n",
                seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

        compression();
        long[][] ts = new long[SERIES][];
        double[][] vs = new double[SERIES][];
        Random r = new Random(42);
        for (int s = 0; s < SERIES; s++) {
            ts[s] = scrapeTimes(r, XorChunk.TARGET_SAMPLES);
            vs[s] = counter(r, XorChunk.TARGET_SAMPLES);
        }
        xorAppend(ts, vs, seconds / 2, "(warm-up)");
        xorAppend(ts, vs, seconds, "");
        XorChunk[] chunks = new XorChunk[SERIES];
        for (int s = 0; s < SERIES; s++) {
            chunks[s] = build(ts[s], vs[s]);
        }
        iterate(chunks, seconds / 2, "(warm-up)");
        iterate(chunks, seconds, "");

        histograms(seconds);

        walGroupCommit(walDir, 1, seconds / 2, " (warm-up)");
        walGroupCommit(walDir, 1, seconds, "");
        walGroupCommit(walDir, 8, seconds, "");
        walReplay(walDir);

        HeadBench.run(seconds, walDir.resolveSibling("bench-head"));
        ExemplarBench.run(seconds, walDir.resolveSibling("bench-exemplars"));
        BlockBench.run(walDir.resolveSibling("bench-blocks"), 10_000, 6, 0);
        BlockBench.run(walDir.resolveSibling("bench-blocks"), 10_000, 6, 4);
    }

    // A counter histogram with 20 populated buckets (schema 3), scraped every 15 s.
    static void histograms(double seconds) {
        Random r = new Random(11);
        int chunks = 200;
        IntHistogramChunk[] built = new IntHistogramChunk[chunks];
        IntHistogram[][] inputs = new IntHistogram[chunks][];
        long[][] times = new long[chunks][];
        long bytes = 0;
        for (int c = 0; c < chunks; c++) {
            IntHistogram h = new IntHistogram().reset(CounterResetHint.UNKNOWN, 3, 0, 0, 0, 0);
            h.positive().addSpan(-10, 12).addSpan(2, 8);
            long[] rate = new long[20];
            for (int i = 0; i < 20; i++) {
                h.positive().addCount(0);
                rate[i] = r.nextInt(30);
            }
            inputs[c] = new IntHistogram[IntHistogramChunk.TARGET_SAMPLES];
            times[c] = scrapeTimes(r, IntHistogramChunk.TARGET_SAMPLES);
            long[] counts = new long[20];
            double sum = 0;
            for (int s = 0; s < inputs[c].length; s++) {
                IntHistogram next = new IntHistogram().reset(CounterResetHint.UNKNOWN, 3, 0, 0, 0, 0);
                long total = 0;
                for (int i = 0; i < 20; i++) {
                    counts[i] += rate[i] + r.nextInt(5);
                    total += counts[i];
                }
                sum += total * 0.37;
                next.reset(CounterResetHint.UNKNOWN, 3, 0, 0, total, sum);
                next.positive().addSpan(-10, 12).addSpan(2, 8);
                for (long count : counts) {
                    next.positive().addCount(count);
                }
                inputs[c][s] = next.validate();
            }
            built[c] = buildHistogram(times[c], inputs[c]);
            bytes += built[c].sizeBytes();
        }
        System.out.printf(Locale.ROOT, "hist size     %-32s %6.2f bytes/sample (%.2f per bucket)%n",
                "counter histogram, 20 buckets", (double) bytes / (chunks * 120.0), (double) bytes / (chunks * 120.0 * 20));
        for (int round = 0; round < 2; round++) {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            long n = 0;
            while (System.nanoTime() < deadline) {
                for (int c = 0; c < chunks; c++) {
                    sink += buildHistogram(times[c], inputs[c]).sizeBytes();
                    n += 120;
                }
            }
            System.out.printf(Locale.ROOT, "hist append   %,15.0f histograms/s %s%n",
                    n / ((System.nanoTime() - start) / 1e9), round == 0 ? "(warm-up)" : "");
        }
        for (int round = 0; round < 2; round++) {
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            long start = System.nanoTime();
            long n = 0;
            ChunkIterator it = null;
            IntHistogram into = new IntHistogram();
            while (System.nanoTime() < deadline) {
                for (IntHistogramChunk c : built) {
                    it = c.iterator(it);
                    while (it.next()) {
                        sink += it.atHistogram(into).count();
                        n++;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "hist iterate  %,15.0f histograms/s %s%n",
                    n / ((System.nanoTime() - start) / 1e9), round == 0 ? "(warm-up)" : "");
        }
    }

    static IntHistogramChunk buildHistogram(long[] t, IntHistogram[] h) {
        IntHistogramChunk c = new IntHistogramChunk();
        ChunkAppender a = c.appender();
        for (int i = 0; i < t.length; i++) {
            a.appendHistogram(t[i], h[i]);
        }
        return c;
    }

    // Replays a log of 1 KiB sample records (about 90 samples each).
    static void walReplay(Path dir) throws Exception {
        deleteTree(dir);
        RecordEncoder enc = new RecordEncoder();
        SampleBatch batch = new SampleBatch();
        long records = 200_000;
        long bytes = 0;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults(), null)) {
            ByteBuffer[] group = new ByteBuffer[100];
            for (long i = 0; i < records; i += group.length) {
                for (int g = 0; g < group.length; g++) {
                    batch.clear();
                    for (int s = 0; s < 90; s++) {
                        batch.add(s, 1_700_000_000_000L + i * 15_000 + s, s * 1.25);
                    }
                    ByteBuffer rec = enc.samples(batch);
                    ByteBuffer copy = ByteBuffer.allocate(rec.remaining()).put(rec);
                    group[g] = copy.flip();
                    bytes += copy.remaining();
                }
                wal.append(group);
            }
        }
        for (int round = 0; round < 2; round++) {
            RecordDecoder dec = new RecordDecoder();
            SampleBatch out = new SampleBatch();
            long[] samples = new long[1];
            long start = System.nanoTime();
            try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults(), rec -> {
                out.clear();
                dec.samples(rec, out);
                samples[0] += out.size();
            })) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT,
                        "wal replay    %,10.0f records/s, %,6.0f MB/s, %,12.0f samples/s decoded (%d records, %.0f MB, page cache warm)%s%n",
                        records / elapsed, bytes / elapsed / 1e6, samples[0] / elapsed, records, bytes / 1e6,
                        round == 0 ? " (warm-up)" : "");
            }
        }
        deleteTree(dir);
    }

    // Regular 15 s scrapes whose timestamps jitter by a few milliseconds now and then.
    static long[] scrapeTimes(Random r, int n) {
        long[] t = new long[n];
        long now = 1_700_000_000_000L + r.nextInt(15_000);
        for (int i = 0; i < n; i++) {
            now += 15_000 + (r.nextInt(10) == 0 ? r.nextInt(11) - 5 : 0);
            t[i] = now;
        }
        return t;
    }

    static double[] counter(Random r, int n) {
        double[] v = new double[n];
        double c = r.nextInt(1_000_000);
        for (int i = 0; i < n; i++) {
            c += r.nextInt(100);
            v[i] = c;
        }
        return v;
    }

    static XorChunk build(long[] t, double[] v) {
        XorChunk c = new XorChunk();
        ChunkAppender a = c.appender();
        for (int i = 0; i < t.length; i++) {
            a.append(t[i], v[i]);
        }
        return c;
    }

    static void compression() {
        Random r = new Random(7);
        int chunks = 1000;
        String[] kinds = {"counter (+0..99 per scrape)", "gauge (random walk, 2 decimals)", "constant", "random doubles"};
        for (int k = 0; k < kinds.length; k++) {
            long bytes = 0;
            long samples = 0;
            for (int c = 0; c < chunks; c++) {
                long[] t = scrapeTimes(r, XorChunk.TARGET_SAMPLES);
                double[] v = switch (k) {
                    case 0 -> counter(r, t.length);
                    case 1 -> {
                        double[] g = new double[t.length];
                        double x = 500;
                        for (int i = 0; i < g.length; i++) {
                            x = Math.round((x + r.nextGaussian()) * 100) / 100.0;
                            g[i] = x;
                        }
                        yield g;
                    }
                    case 2 -> {
                        double[] g = new double[t.length];
                        java.util.Arrays.fill(g, 1.0);
                        yield g;
                    }
                    default -> {
                        double[] g = new double[t.length];
                        for (int i = 0; i < g.length; i++) {
                            g[i] = r.nextDouble();
                        }
                        yield g;
                    }
                };
                XorChunk chunk = build(t, v);
                bytes += chunk.sizeBytes();
                samples += chunk.numSamples();
            }
            System.out.printf(Locale.ROOT, "xor size      %-32s %6.2f bytes/sample (120-sample chunks, 15 s scrapes)%n",
                    kinds[k], (double) bytes / samples);
        }
    }

    static void xorAppend(long[][] ts, double[][] vs, double seconds, String note) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long samples = 0;
        long start = System.nanoTime();
        long bytes = 0;
        while (System.nanoTime() < deadline) {
            for (int s = 0; s < ts.length; s++) {
                XorChunk c = build(ts[s], vs[s]);
                bytes += c.sizeBytes();
                samples += ts[s].length;
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        sink += bytes;
        System.out.printf(Locale.ROOT, "xor append    %,15.0f samples/s %s%n", samples / elapsed, note);
    }

    static void iterate(XorChunk[] chunks, double seconds, String note) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long samples = 0;
        long start = System.nanoTime();
        double sum = 0;
        ChunkIterator it = null;
        while (System.nanoTime() < deadline) {
            for (XorChunk c : chunks) {
                it = c.iterator(it);
                while (it.next()) {
                    sum += it.atV() + it.atT();
                    samples++;
                }
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        sink += (long) sum;
        System.out.printf(Locale.ROOT, "xor iterate   %,15.0f samples/s %s%n", samples / elapsed, note);
    }

    static void walGroupCommit(Path dir, int threads, double seconds, String note) throws Exception {
        deleteTree(dir);
        // Each append is a sample record of 10 samples, about what one small remote-write request carries.
        LongAdder appends = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(threads);
        List<Throwable> errors = new ArrayList<>();
        long recordBytes;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults(), null)) {
            SampleBatch probe = new SampleBatch();
            for (int i = 0; i < 10; i++) {
                probe.add(i, 1_700_000_000_000L, i);
            }
            recordBytes = new RecordEncoder().samples(probe).remaining();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread th = new Thread(() -> {
                    try {
                        RecordEncoder enc = new RecordEncoder();
                        SampleBatch batch = new SampleBatch();
                        long ts = 1_700_000_000_000L;
                        while (!stop.get()) {
                            batch.clear();
                            ts += 15_000;
                            for (int i = 0; i < 10; i++) {
                                batch.add(thread * 1000L + i, ts, i * 1.5);
                            }
                            ByteBuffer rec = enc.samples(batch);
                            wal.append(rec);
                            appends.increment();
                        }
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    } finally {
                        done.countDown();
                    }
                }, "bench-appender-" + t);
                th.start();
            }
            Thread.sleep((long) (seconds * 1000));
            stop.set(true);
            done.await();
            double elapsed = (System.nanoTime() - start) / 1e9;
            long n = appends.sum();
            long commits = wal.commitCount();
            System.out.printf(Locale.ROOT,
                    "wal commit    %d thread(s): %,10.0f appends/s (%,.0f samples/s), %,8.0f fsyncs/s, %.1f appends per fsync, %d-byte records%s%n",
                    threads, n / elapsed, n * 10 / elapsed, commits / elapsed, (double) n / Math.max(1, commits), recordBytes,
                    note);
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("appender failed", errors.get(0));
        }
        deleteTree(dir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
