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
 * requests one after the other over its own keep-alive connection (as one Prometheus remote-write
 * shard does) and failing on any answer but 2xx. Senders write to the socket themselves
 * ({@link RemoteWriteConnection}) unless asked to use the JDK's {@code HttpClient}. Measures wall time, request latencies, the receiver's CPU time, the senders' own
 * (this process's) CPU time and the whole machine's busy time, so a run shows whether the machine
 * was saturated and what share of it the senders took.
 */
final class RemoteWriteLoad {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** How the senders speak HTTP. */
    enum Client {
        /** {@link RemoteWriteConnection}: a pre-built request head on a plain socket. */
        SOCKET,
        /** The JDK's {@code java.net.http.HttpClient}: several times the CPU per request. */
        JDK;

        static Client of(String name) {
            return switch (name) {
                case "socket" -> SOCKET;
                case "jdk" -> JDK;
                default -> throw new IllegalArgumentException("unknown client " + name + ": socket or jdk");
            };
        }
    }

    /** What one send phase measured. */
    record Result(long requests, double seconds, double cpuSeconds, double senderCpuSeconds, double machineBusySeconds,
            Latencies latencies) {
    }

    private RemoteWriteLoad() {
    }

    /**
     * Sends up to {@code limits[i]} requests from each {@code streams[i]} (all of them when
     * {@code limits} is null), the streams concurrently, and returns when all are sent.
     */
    static Result send(String url, List<Iterator<byte[]>> streams, int[] limits, long receiverPid) throws Exception {
        return send(url, streams, limits, receiverPid, Client.SOCKET);
    }

    /** {@link #send(String, List, int[], long)} with the senders speaking HTTP through {@code client}. */
    static Result send(String url, List<Iterator<byte[]>> streams, int[] limits, long receiverPid, Client client)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(streams.size());
        try {
            double cpuBefore = ProcessProbe.cpuSeconds(receiverPid);
            double senderBefore = ProcessProbe.ownCpuSeconds();
            double busyBefore = ProcessProbe.machineBusySeconds();
            long begin = System.nanoTime();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int s = 0; s < streams.size(); s++) {
                Iterator<byte[]> stream = streams.get(s);
                int limit = limits == null ? Integer.MAX_VALUE : limits[s];
                futures.add(pool.submit(() -> client == Client.JDK ? sendAll(url, stream, limit) : sendAllOnSocket(url, stream, limit)));
            }
            List<long[]> perStream = new ArrayList<>();
            for (Future<long[]> f : futures) {
                perStream.add(f.get());
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            double cpu = ProcessProbe.cpuSeconds(receiverPid) - cpuBefore;
            double senderCpu = ProcessProbe.ownCpuSeconds() - senderBefore;
            double busy = ProcessProbe.machineBusySeconds() - busyBefore;
            long[] all = perStream.stream().flatMapToLong(java.util.Arrays::stream).toArray();
            return new Result(all.length, seconds, cpu, senderCpu, busy, Latencies.of(all));
        } finally {
            pool.shutdownNow();
        }
    }

    /** One sender's way of posting a body. */
    @FunctionalInterface
    private interface Post {
        RemoteWriteConnection.Answer post(byte[] body) throws IOException, InterruptedException;
    }

    private static long[] sendAllOnSocket(String url, Iterator<byte[]> stream, int limit)
            throws IOException, InterruptedException {
        try (RemoteWriteConnection connection = new RemoteWriteConnection(url)) {
            return sendAll(url, stream, limit, connection::post);
        }
    }

    private static long[] sendAll(String url, Iterator<byte[]> stream, int limit) throws IOException, InterruptedException {
        return sendAll(url, stream, limit, body -> {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                    .timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new RemoteWriteConnection.Answer(response.statusCode(), response.body());
        });
    }

    /** Posts the stream's bodies one after the other, failing on any answer but 2xx; the latencies. */
    private static long[] sendAll(String url, Iterator<byte[]> stream, int limit, Post post)
            throws IOException, InterruptedException {
        long[] latencies = new long[1024];
        int n = 0;
        while (n < limit && stream.hasNext()) {
            byte[] body = stream.next();
            long t0 = System.nanoTime();
            RemoteWriteConnection.Answer answer = post.post(body);
            long took = System.nanoTime() - t0;
            if (answer.status() / 100 != 2) {
                throw new IllegalStateException(url + " answered " + answer.status() + ": " + answer.body());
            }
            if (n == latencies.length) {
                latencies = java.util.Arrays.copyOf(latencies, n * 2);
            }
            latencies[n++] = took;
        }
        return java.util.Arrays.copyOf(latencies, n);
    }
}
