package io.hearth.conformance.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * End-to-end remote-write benchmark: the same pre-encoded requests (2,000 samples each, one
 * sample per series, 15 s apart per series) from several concurrent senders, against Hearth,
 * VictoriaMetrics and Prometheus started on loopback in one run. Prints samples/s, p50 and p99
 * request latency, the receiver's and the senders' CPU seconds per million samples, and how busy
 * the whole machine was: when it is saturated, the senders' share bounds what any receiver can reach.
 *
 * <p>Run with {@code dev/bench-remote-write [senders] [rounds] [--systems=hearth,victoriametrics]
 * [--warmup-rounds=0] [--client=socket]} ({@code --systems} picks receivers, by default all and
 * Hearth a second time with its log forced once a second, {@code hearth-wal-1s};
 * {@code --client=jdk} sends with the JDK's HttpClient instead of {@link RemoteWriteConnection}). With
 * {@code --warmup-rounds=N} every receiver first gets the first N requests of each sender untimed
 * (they create the series, and a JVM compiles its hot paths meanwhile), and the figures cover the
 * other requests: steady-state ingest rather than a cold start. A bench, not a test: figures on a
 * shared machine vary from run to run.
 */
public final class RemoteWriteBench {

    static final int SERIES_PER_REQUEST = 2_000;

    /**
     * Every system, Hearth twice: as configured by default (each write forced to disk before it is
     * acknowledged) and forcing its log once a second, about Prometheus's durability (VictoriaMetrics
     * keeps the newest samples in memory for seconds before writing them).
     */
    static final List<String> DEFAULT_SYSTEMS = List.of("hearth", HearthReceiver.WAL_FORCED_EVERY_SECOND,
            "victoriametrics", "prometheus");

    private RemoteWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        BenchArgs options = new BenchArgs(Arrays.stream(args).filter(a -> a.startsWith("--")).toArray(String[]::new),
                Set.of("systems", "warmup-rounds", "client"), "dev/bench-remote-write [senders] [rounds] [--systems="
                        + String.join(",", DEFAULT_SYSTEMS) + "] [--warmup-rounds=0] [--client=socket|jdk]");
        RemoteWriteLoad.Client client = RemoteWriteLoad.Client.of(options.text("client", "socket"));
        List<String> systems = List.of(options.text("systems", String.join(",", DEFAULT_SYSTEMS)).split(","));
        int senders = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 4;
        int rounds = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 100;
        int warmup = options.integer("warmup-rounds", 0);
        if (warmup < 0 || warmup >= rounds) {
            throw new IllegalArgumentException("--warmup-rounds must be at least 0 and fewer than the rounds");
        }
        List<List<byte[]>> bodies = bodies(senders, rounds, System.currentTimeMillis() - rounds * 15_000L - 60_000);
        System.out.printf("remote write: %d senders x %d requests x %d samples = %,d samples per receiver"
                + " (the first %d requests of each sender untimed)%n", senders, rounds, SERIES_PER_REQUEST,
                (long) senders * rounds * SERIES_PER_REQUEST, warmup);
        System.out.printf("%-16s %14s %10s %10s %18s %18s %14s%n", "receiver", "samples/s", "p50 ms", "p99 ms",
                "CPU s / M samples", "senders' CPU s / M", "machine busy");
        try (ScratchDirectory work = ScratchDirectory.create("remote-write-bench", false)) {
            for (String system : systems) {
                try (Receiver receiver = Receiver.start(system, work.path().resolve(system))) {
                    if (warmup > 0) {
                        RemoteWriteLoad.send(receiver.remoteWriteUrl(),
                                bodies.stream().map(b -> b.subList(0, warmup).iterator()).toList(), null, receiver.pid(), client);
                    }
                    RemoteWriteLoad.Result result = RemoteWriteLoad.send(receiver.remoteWriteUrl(),
                            bodies.stream().map(b -> b.subList(warmup, b.size()).iterator()).toList(), null, receiver.pid(), client);
                    long samples = result.requests() * SERIES_PER_REQUEST;
                    System.out.printf("%-16s %,14.0f %10.1f %10.1f %18.2f %18.2f %13.0f%%%n", system,
                            samples / result.seconds(), result.latencies().medianMillis(), result.latencies().p99Millis(),
                            result.cpuSeconds() / (samples / 1e6), result.senderCpuSeconds() / (samples / 1e6),
                            100 * result.machineBusySeconds() / (result.seconds() * Runtime.getRuntime().availableProcessors()));
                }
            }
        }
    }

    /**
     * The requests this bench sends, also read by {@link IngestFloorBench}: per sender, {@code rounds}
     * requests of its 2,000 series, one sample each, 15 s apart from {@code startMillis}.
     */
    static List<List<byte[]>> bodies(int senders, int rounds, long startMillis) {
        List<List<byte[]>> bodies = new ArrayList<>();
        WriteRequestEncoder encoder = new WriteRequestEncoder();
        for (int s = 0; s < senders; s++) {
            byte[][] labels = labels(s);
            List<byte[]> mine = new ArrayList<>(rounds);
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < SERIES_PER_REQUEST; i++) {
                    encoder.add(labels[i], startMillis + r * 15_000L + (i % 13), r * 10.0 + i % 7);
                }
                mine.add(encoder.finish());
            }
            bodies.add(mine);
        }
        return bodies;
    }

    /** A node_exporter-like request's series: 2,000 of one sender. */
    private static byte[][] labels(int sender) {
        byte[][] labels = new byte[SERIES_PER_REQUEST][];
        for (int i = 0; i < SERIES_PER_REQUEST; i++) {
            labels[i] = WriteRequestEncoder.labels("__name__", "node_metric_" + (i % 100), "cpu",
                    Integer.toString(i / 100 % 4), "device", "dev" + (i / 400), "instance", "host-" + sender + ":9100",
                    "job", "node");
        }
        return labels;
    }
}
