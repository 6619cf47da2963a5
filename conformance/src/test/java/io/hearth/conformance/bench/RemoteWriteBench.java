package io.hearth.conformance.bench;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.xerial.snappy.Snappy;

/**
 * End-to-end remote-write benchmark: the same pre-encoded requests (2,000 samples each, one
 * sample per series, 15 s apart per series) from several concurrent senders, against Hearth,
 * VictoriaMetrics and Prometheus started on loopback in one run. Prints samples/s, p50 and p99
 * request latency, and the receiver's CPU seconds per million samples.
 *
 * <p>Run with {@code dev/bench-remote-write [senders] [rounds]}. A bench, not a test: figures on a
 * shared machine vary from run to run.
 */
public final class RemoteWriteBench {

    private static final int SERIES_PER_REQUEST = 2_000;

    private RemoteWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        int senders = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dist = Path.of(System.getProperty("hearth.dist"));
        Path work = Files.createTempDirectory("remote-write-bench");
        long start = System.currentTimeMillis() - rounds * 15_000L - 60_000;
        List<List<byte[]>> bodies = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            List<byte[]> mine = new ArrayList<>(rounds);
            for (int r = 0; r < rounds; r++) {
                mine.add(body(s, start + r * 15_000L, r));
            }
            bodies.add(mine);
        }
        System.out.printf("remote write: %d senders x %d requests x %d samples = %,d samples per receiver%n",
                senders, rounds, SERIES_PER_REQUEST, (long) senders * rounds * SERIES_PER_REQUEST);
        System.out.printf("%-16s %14s %10s %10s %18s%n", "receiver", "samples/s", "p50 ms", "p99 ms", "CPU s / M samples");

        for (String receiver : List.of("hearth", "victoriametrics", "prometheus")) {
            int port = freePort();
            Process process;
            String url;
            switch (receiver) {
                case "hearth" -> {
                    process = new ProcessBuilder(dist.resolve("bin/hearth").toString(), "--port", Integer.toString(port),
                            "--host", "127.0.0.1", "--data-dir", work.resolve("hearth").toString(), "--hearth.auth.disabled=true",
                            "--hearth.ingest.max-future-millis=600000", "--hearth.ingest.max-samples-per-second=0")
                            .redirectErrorStream(true).redirectOutput(work.resolve("hearth.log").toFile()).start();
                    awaitUp("http://127.0.0.1:" + port + "/-/ready");
                    String ws = createWorkspace("http://127.0.0.1:" + port);
                    url = "http://127.0.0.1:" + port + "/workspaces/" + ws + "/api/v1/remote_write";
                }
                case "victoriametrics" -> {
                    process = new ProcessBuilder("victoria-metrics", "-httpListenAddr=127.0.0.1:" + port,
                            "-storageDataPath=" + work.resolve("vm"), "-retentionPeriod=100y")
                            .redirectErrorStream(true).redirectOutput(work.resolve("vm.log").toFile()).start();
                    awaitUp("http://127.0.0.1:" + port + "/health");
                    url = "http://127.0.0.1:" + port + "/api/v1/write";
                }
                default -> {
                    Files.writeString(work.resolve("prometheus.yml"), "global:\n  scrape_interval: 1m\n");
                    process = new ProcessBuilder("prometheus", "--config.file=" + work.resolve("prometheus.yml"),
                            "--storage.tsdb.path=" + work.resolve("prom"), "--web.listen-address=127.0.0.1:" + port,
                            "--web.enable-remote-write-receiver", "--storage.tsdb.retention.time=100y")
                            .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
                    awaitUp("http://127.0.0.1:" + port + "/-/ready");
                    url = "http://127.0.0.1:" + port + "/api/v1/write";
                }
            }
            try {
                run(receiver, url, bodies, process.pid());
            } finally {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(String receiver, String url, List<List<byte[]>> bodies, long pid) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        long cpuBefore = cpuTicks(pid);
        long begin = System.nanoTime();
        List<Future<long[]>> futures = new ArrayList<>();
        for (List<byte[]> mine : bodies) {
            futures.add(pool.submit(() -> {
                long[] latencies = new long[mine.size()];
                for (int i = 0; i < mine.size(); i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(mine.get(i))).build(),
                            HttpResponse.BodyHandlers.discarding());
                    latencies[i] = System.nanoTime() - t0;
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException(receiver + " answered " + response.statusCode());
                    }
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            Arrays.stream(f.get()).forEach(all::add);
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        double cpu = (cpuTicks(pid) - cpuBefore) / 100.0;
        pool.shutdown();
        all.sort(null);
        long samples = (long) all.size() * SERIES_PER_REQUEST;
        System.out.printf("%-16s %,14.0f %10.1f %10.1f %18.2f%n", receiver, samples / seconds,
                all.get(all.size() / 2) / 1e6, all.get((int) (all.size() * 0.99)) / 1e6, cpu / (samples / 1e6));
    }

    /** A node_exporter-like request: 2,000 series of one sender, each with one sample. */
    private static byte[] body(int sender, long timestamp, int round) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * SERIES_PER_REQUEST);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        for (int n = 0; n < SERIES_PER_REQUEST; n++) {
            int i = n;
            byte[] series = message(ts -> {
                label(ts, "__name__", "node_metric_" + (i % 100));
                label(ts, "cpu", Integer.toString(i / 100 % 4));
                label(ts, "instance", "host-" + sender + ":9100");
                label(ts, "job", "node");
                label(ts, "device", "dev" + (i / 400));
                ts.writeByteArray(2, message(s -> {
                    s.writeDouble(1, round * 10.0 + i % 7);
                    s.writeInt64(2, timestamp + (i % 13));
                }));
            });
            out.writeByteArray(1, series);
        }
        out.flush();
        return Snappy.compress(bytes.toByteArray());
    }

    private static void label(CodedOutputStream ts, String name, String value) throws IOException {
        ts.writeByteArray(1, message(l -> {
            l.writeString(1, name);
            l.writeString(2, value);
        }));
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String createWorkspace(String base) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String body = client.send(HttpRequest.newBuilder(URI.create(base + "/workspaces"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String id = body.replaceAll(".*\"workspaceId\":\"([^\"]+)\".*", "$1");
        for (int i = 0; i < 100; i++) {
            String d = client.send(HttpRequest.newBuilder(URI.create(base + "/workspaces/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (d.contains("ACTIVE")) {
                return id;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("workspace did not become active");
    }

    private static void awaitUp(String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (int i = 0; i < 600; i++) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(url + " did not come up");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
