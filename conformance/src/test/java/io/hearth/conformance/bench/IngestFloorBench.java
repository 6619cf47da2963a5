package io.hearth.conformance.bench;

import io.hearth.kernel.ingest.AcceptedSeries;
import io.hearth.kernel.ingest.HaTracker;
import io.hearth.kernel.ingest.HaTrackerSettings;
import io.hearth.kernel.ingest.IngestLimits;
import io.hearth.kernel.ingest.IngestionRate;
import io.hearth.kernel.ingest.IngestionRateLimiter;
import io.hearth.kernel.ingest.PassedNames;
import io.hearth.kernel.ingest.ReplicaDeduplication;
import io.hearth.kernel.ingest.SeriesLimits;
import io.hearth.kernel.ingest.ValidatingSink;
import io.hearth.plugins.remotewrite.RemoteWritePlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.ingest.IngestCodec;
import io.hearth.spi.ingest.IngestCodecFactory;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.NativeHistogram;
import io.hearth.spi.ingest.WriteSink;
import io.hearth.spi.storage.Appender;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.StorageOptions;
import io.hearth.spi.storage.WorkspaceStorage;
import io.hearth.storage.engine.LuceneStorageEngine;
import io.hearth.storage.head.HeadOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.xerial.snappy.Snappy;

/**
 * The floor of remote-write ingestion, in process and on one thread: {@code dev/bench-remote-write}'s
 * own request bodies ({@link RemoteWriteBench#bodies}) through the server's write path one stage
 * more at a time, each stage's CPU per sample measured on the calling thread:
 * <ol type="a">
 *   <li>snappy decompression alone (the call the remote-write codec makes);
 *   <li>+ protobuf decoding by the remote-write 1.0 codec into a sink that only counts;
 *   <li>+ the kernel's validation and limits ({@code ValidatingSink} with HA deduplication as the
 *       server has it on by default, the rate limiter, the series limits' admission);
 *   <li>+ series lookup and append, committed per request, to a workspace storage whose WAL is on
 *       tmpfs ({@code /dev/shm}): WAL records are encoded, checksummed and written to memory, but no
 *       force reaches a disk;
 *   <li>+ the WAL on the data disk (the bench's scratch directory), forced at every commit, as the
 *       server acknowledges.
 * </ol>
 * Requests go in the order the concurrent senders would interleave them (round by round); the
 * first {@code --warmup-rounds} rounds of every pass are untimed (series creation), and each stage
 * runs {@code --repeats} passes, the stateful ones on a fresh storage each. Prints per stage the
 * best and median thread CPU ns per sample, process CPU (GC, JIT and the WAL's threads included)
 * and wall time, then the per-sample budget of issue 4's target.
 *
 * <p>Run with {@code dev/bench-ingest-floor [senders] [rounds] [--warmup-rounds=100] [--repeats=5] [--stages=abcde]};
 * {@code --stages} runs only the stages named (e.g. {@code d}, to profile one alone).
 * A bench, not a test.
 */
public final class IngestFloorBench {

    /** Issue 4: three times VictoriaMetrics's 1,746,501 samples/s in the last {@code 4 500} run. */
    private static final double TARGET_SAMPLES_PER_SECOND = 3 * 1_746_501.0;
    /** What the server gets of the two cores while the bench's senders run beside it. */
    private static final double SERVER_CORES = 1.3;
    private static final long DAY_MILLIS = 86_400_000L;

    private IngestFloorBench() {
    }

    /** One stage's work on one request; {@code storage} is null for the stages before storage. */
    @FunctionalInterface
    private interface Stage {
        void run(byte[] body, WorkspaceStorage storage) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        BenchArgs options = new BenchArgs(Arrays.stream(args).filter(a -> a.startsWith("--")).toArray(String[]::new),
                Set.of("warmup-rounds", "repeats", "stages"),
                "dev/bench-ingest-floor [senders] [rounds] [--warmup-rounds=100] [--repeats=5] [--stages=abcde]");
        int senders = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 4;
        int rounds = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 500;
        int warmup = options.integer("warmup-rounds", 100);
        int repeats = options.integer("repeats", 5);
        String stages = options.text("stages", "abcde");
        if (stages.isEmpty() || !stages.chars().allMatch(c -> c >= 'a' && c <= 'e')) {
            throw new IllegalArgumentException("--stages takes letters from abcde, e.g. --stages=d");
        }
        if (warmup < 0 || warmup >= rounds) {
            throw new IllegalArgumentException("--warmup-rounds must be at least 0 and fewer than the rounds");
        }
        long start = System.currentTimeMillis() - rounds * 15_000L - 60_000;
        List<List<byte[]>> perSender = RemoteWriteBench.bodies(senders, rounds, start);
        List<byte[]> bodies = new ArrayList<>(senders * rounds);
        for (int r = 0; r < rounds; r++) {
            for (List<byte[]> mine : perSender) {
                bodies.add(mine.get(r));
            }
        }
        long compressed = 0;
        long uncompressed = 0;
        for (byte[] body : bodies) {
            compressed += body.length;
            uncompressed += Snappy.uncompressedLength(body);
        }
        long allSamples = (long) bodies.size() * RemoteWriteBench.SERIES_PER_REQUEST;
        int timedFrom = warmup * senders;
        long timedSamples = (long) (bodies.size() - timedFrom) * RemoteWriteBench.SERIES_PER_REQUEST;
        System.out.printf(Locale.ROOT, "ingest floor: %d senders x %d requests x %d samples, %d series; the first %d rounds"
                        + " of each pass untimed; %d passes per stage; one thread%n", senders, rounds,
                RemoteWriteBench.SERIES_PER_REQUEST, senders * RemoteWriteBench.SERIES_PER_REQUEST, warmup, repeats);
        System.out.printf(Locale.ROOT, "bytes per sample: %.2f compressed, %.2f uncompressed (snappy ratio %.2f)%n",
                compressed / (double) allSamples, uncompressed / (double) allSamples, uncompressed / (double) compressed);

        IngestCodec codec = remoteWrite10();
        byte[][] scratch = {new byte[0]};
        Stage snappy = (body, storage) -> {
            int length = Snappy.uncompressedLength(body);
            if (scratch[0].length < length) {
                scratch[0] = new byte[length];
            }
            Snappy.uncompress(body, 0, body.length, scratch[0], 0);
        };
        CountingSink counting = new CountingSink();
        Stage decode = (body, storage) -> codec.decode(request(body), counting);
        Kernel kernel = new Kernel();
        Stage validate = (body, storage) -> kernel.validate(codec, body, storage, false);
        Stage append = (body, storage) -> kernel.validate(codec, body, storage, true);

        System.out.printf("%-44s %12s %12s %14s %12s%n", "stage", "CPU ns best", "CPU ns med", "process CPU ns", "wall ns");
        try (ScratchDirectory memory = ScratchDirectory.create(Path.of("/dev/shm"), "ingest-floor");
                ScratchDirectory disk = ScratchDirectory.create("ingest-floor", false)) {
            double[] a = stages.indexOf('a') < 0 ? null
                    : run("(a) snappy", snappy, bodies, timedFrom, timedSamples, repeats, null);
            double[] b = stages.indexOf('b') < 0 ? null
                    : run("(b) + decode (remote-write 1.0 codec)", decode, bodies, timedFrom, timedSamples, repeats, null);
            if (stages.indexOf('c') >= 0) {
                run("(c) + validation and limits", validate, bodies, timedFrom, timedSamples, repeats, memory.path());
            }
            if (stages.indexOf('d') >= 0) {
                run("(d) + lookup and append, WAL on tmpfs", append, bodies, timedFrom, timedSamples, repeats, memory.path());
            }
            if (stages.indexOf('e') >= 0) {
                run("(e) + WAL on disk, forced per request", append, bodies, timedFrom, timedSamples, repeats, disk.path());
            }
            double budget = SERVER_CORES / TARGET_SAMPLES_PER_SECOND * 1e9;
            if (a != null && b != null) {
                System.out.printf(Locale.ROOT, "target %,.0f samples/s on %.1f cores: %.0f CPU ns per sample in total;"
                                + " (a) takes %.0f%% of it, (a)+(b) %.0f%% (best passes)%n", TARGET_SAMPLES_PER_SECOND,
                        SERVER_CORES, budget, 100 * a[0] / budget, 100 * b[0] / budget);
            }
        }
        if (stages.indexOf('b') >= 0 && counting.samples == 0) {
            throw new AssertionError("the codec decoded no sample");
        }
    }

    /**
     * Runs {@code repeats} passes of a stage over all bodies.
     *
     * @param storageRoot where each pass opens a fresh workspace storage, or null for none
     * @return best and median thread CPU ns per timed sample
     */
    private static double[] run(String name, Stage stage, List<byte[]> bodies, int timedFrom, long timedSamples, int repeats,
            Path storageRoot) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] cpu = new double[repeats];
        double[] process = new double[repeats];
        double[] wall = new double[repeats];
        for (int pass = 0; pass < repeats; pass++) {
            Path dir = storageRoot == null ? null : storageRoot.resolve(name.substring(1, 2) + pass);
            try (LuceneStorageEngine engine = new LuceneStorageEngine(HeadOptions.defaults());
                    WorkspaceStorage storage = dir == null ? null : engine.open("ws-floor", dir, StorageOptions.defaults())) {
                for (int i = 0; i < timedFrom; i++) {
                    stage.run(bodies.get(i), storage);
                }
                long cpu0 = threads.getCurrentThreadCpuTime();
                long process0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                for (int i = timedFrom; i < bodies.size(); i++) {
                    stage.run(bodies.get(i), storage);
                }
                wall[pass] = (System.nanoTime() - wall0) / (double) timedSamples;
                process[pass] = (os.getProcessCpuTime() - process0) / (double) timedSamples;
                cpu[pass] = (threads.getCurrentThreadCpuTime() - cpu0) / (double) timedSamples;
            }
        }
        double[] sorted = cpu.clone();
        Arrays.sort(sorted);
        int best = 0;
        for (int i = 1; i < repeats; i++) {
            if (cpu[i] < cpu[best]) {
                best = i;
            }
        }
        System.out.printf(Locale.ROOT, "%-44s %12.0f %12.0f %14.0f %12.0f%n", name, sorted[0], sorted[repeats / 2],
                process[best], wall[best]);
        return new double[] {sorted[0], sorted[repeats / 2]};
    }

    private static IngestRequest request(byte[] body) {
        return new IngestRequest("remote_write", Map.of("content-type", List.of("application/x-protobuf"),
                "content-encoding", List.of("snappy"), "x-prometheus-remote-write-version", List.of("0.1.0")), body);
    }

    /** The remote-write 1.0 codec as the server builds it, through its plugin. */
    private static IngestCodec remoteWrite10() throws Exception {
        PluginContext context = new PluginContext(Files.createTempDirectory("ingest-floor-plugin"), "us-east-1",
                "000000000000", Map.of(), IdentityDirectory.EMPTY);
        for (IngestCodecFactory factory : new RemoteWritePlugin().ingestCodecFactories()) {
            if (factory.name().equals("remote-write-1.0")) {
                return factory.create(context);
            }
        }
        throw new IllegalStateException("no remote-write-1.0 codec");
    }

    /**
     * The kernel's write path from the codec on, as {@code WriteService.write} runs it with the
     * server's default settings (the bench's receiver turns the rate limit off): decode through the
     * validating sink, take from the rate limiter, admit through the series limits, then append
     * and commit. Metrics and metadata bookkeeping are left out.
     */
    private static final class Kernel {
        private final IngestLimits limits = new IngestLimits(70, 1024, 2048, 10 * 60_000L, false, 10);
        private final PassedNames labelNames = new PassedNames(1024);
        private final PassedNames metricNames = new PassedNames(4096);
        private final HaTracker haTracker =
                new HaTracker(new HaTrackerSettings(true, "cluster", "__replica__", 30_000), System::currentTimeMillis);
        private final IngestionRateLimiter rateLimiter = new IngestionRateLimiter(new IngestionRate(0, 0), System::nanoTime);
        private SeriesLimits seriesLimits;
        private WorkspaceStorage seriesLimitsOf;
        private int recentPoints;
        private int recentSeries;

        void validate(IngestCodec codec, byte[] body, WorkspaceStorage storage, boolean append) throws Exception {
            if (storage != seriesLimitsOf) { // a fresh storage: the server would hold fresh limits state for it
                seriesLimits = new SeriesLimits(10_000_000L);
                seriesLimitsOf = storage;
            }
            ReplicaDeduplication replicas = new ReplicaDeduplication(haTracker, "ws-floor");
            ValidatingSink sink = new ValidatingSink(limits, System.currentTimeMillis(), 45 * DAY_MILLIS, replicas,
                    labelNames, metricNames, recentPoints, recentSeries);
            codec.decode(request(body), sink);
            List<AcceptedSeries> accepted = sink.accepted();
            long points = 0;
            for (AcceptedSeries series : accepted) {
                points += series.sampleCount() + series.histograms().size();
            }
            recentPoints = (int) points;
            recentSeries = accepted.size();
            if (!rateLimiter.tryAcquire("ws-floor", points).allowed() || !sink.rejectedPoints().isEmpty()) {
                throw new IllegalStateException("refused: " + sink.messages());
            }
            SeriesLimits.Admission admission = seriesLimits.admit("ws-floor", null, storage, accepted);
            boolean committed = false;
            try {
                if (append) {
                    Appender appender = storage.appender();
                    for (int s = 0; s < accepted.size(); s++) {
                        if (!admission.admitted(s)) {
                            continue;
                        }
                        AcceptedSeries series = accepted.get(s);
                        Labels labels = Labels.ofSortedPairs(series.labelPairs());
                        long[] timestamps = series.timestamps();
                        double[] values = series.values();
                        for (int i = series.firstSample(), end = i + series.sampleCount(); i < end; i++) {
                            appender.append(labels, timestamps[i], values[i], series.createdTimestamp());
                        }
                    }
                    appender.commit();
                    if (!appender.rejections().isEmpty()) {
                        throw new IllegalStateException("storage refused " + appender.rejections().size() + " samples");
                    }
                }
                committed = true;
            } finally {
                admission.finish(committed);
            }
        }
    }

    /** Counts what the codec hands over, and keeps nothing. */
    private static final class CountingSink implements WriteSink {
        long samples;

        @Override
        public void beginSeries() {
        }

        @Override
        public void label(String name, String value) {
        }

        @Override
        public void sample(long timestampMillis, double value) {
            samples++;
        }

        @Override
        public void histogram(NativeHistogram histogram) {
        }

        @Override
        public void exemplar(String[] labelPairs, long timestampMillis, double value) {
        }

        @Override
        public void endSeries() {
        }

        @Override
        public void metadata(String metricFamily, String type, String help, String unit) {
        }
    }
}
