package io.hearth.conformance.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Concurrent remote-write senders: one thread per stream of pre-encoded requests, each sending its
 * requests one after the other (as one Prometheus remote-write shard does) and failing on any
 * answer but 2xx. Measures wall time, request latencies and the receiver's CPU time.
 */
final class RemoteWriteLoad {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What one send phase measured. */
    record Result(long requests, double seconds, double cpuSeconds, Latencies latencies) {
    }

    private RemoteWriteLoad() {
    }

    /**
     * Sends up to {@code limits[i]} requests from each {@code streams[i]} (all of them when
     * {@code limits} is null), the streams concurrently, and returns when all are sent.
     */
    static Result send(String url, List<Iterator<byte[]>> streams, int[] limits, long receiverPid) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(streams.size());
        try {
            double cpuBefore = ProcessProbe.cpuSeconds(receiverPid);
            long begin = System.nanoTime();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int s = 0; s < streams.size(); s++) {
                Iterator<byte[]> stream = streams.get(s);
                int limit = limits == null ? Integer.MAX_VALUE : limits[s];
                futures.add(pool.submit(() -> sendAll(url, stream, limit)));
            }
            List<long[]> perStream = new ArrayList<>();
            for (Future<long[]> f : futures) {
                perStream.add(f.get());
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            double cpu = ProcessProbe.cpuSeconds(receiverPid) - cpuBefore;
            long[] all = perStream.stream().flatMapToLong(java.util.Arrays::stream).toArray();
            return new Result(all.length, seconds, cpu, Latencies.of(all));
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] sendAll(String url, Iterator<byte[]> stream, int limit) throws IOException, InterruptedException {
        long[] latencies = new long[1024];
        int n = 0;
        while (n < limit && stream.hasNext()) {
            byte[] body = stream.next();
            long t0 = System.nanoTime();
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - t0;
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
            }
            if (n == latencies.length) {
                latencies = java.util.Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = took;
        }
        return java.util.Arrays.copyOf(latencies, n);
    }
}
