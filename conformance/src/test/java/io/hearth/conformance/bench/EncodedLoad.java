package io.hearth.conformance.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A {@link NodeHost} dataset encoded once, before any receiver starts, as remote-write requests in
 * one file per sender, so every receiver gets the same bytes and the encoding costs none of them
 * CPU. Each sender owns a fixed set of hosts (host {@code h} belongs to sender {@code h % senders}),
 * so every series reaches a receiver in timestamp order even with senders running concurrently.
 * Within a sender, requests carry at most {@code samplesPerRequest} samples and never span two
 * scrape rounds, so the first round (every series new) can be timed apart from the rest.
 */
final class EncodedLoad {

    private final List<Path> files;
    private final int[] firstRoundRequests;
    private final int[] seriesPerHost;
    private final long samples;
    private final long firstRoundSamples;
    private final long firstTimestamp;
    private final long lastTimestamp;
    private final long bytes;
    private final long requests;

    private EncodedLoad(List<Path> files, int[] firstRoundRequests, int[] seriesPerHost, long samples,
            long firstRoundSamples, long firstTimestamp, long lastTimestamp, long bytes, long requests) {
        this.files = files;
        this.firstRoundRequests = firstRoundRequests;
        this.seriesPerHost = seriesPerHost;
        this.samples = samples;
        this.firstRoundSamples = firstRoundSamples;
        this.firstTimestamp = firstTimestamp;
        this.lastTimestamp = lastTimestamp;
        this.bytes = bytes;
        this.requests = requests;
    }

    /**
     * Encodes {@code rounds} scrapes, 15 s apart from {@code startMillis}, of {@code hosts} hosts.
     * Senders are encoded in parallel.
     */
    static EncodedLoad encode(Path directory, int hosts, long seed, long startMillis, int rounds, int senders,
            int samplesPerRequest) throws Exception {
        Files.createDirectories(directory);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(senders, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<long[]>> parts = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                Path file = directory.resolve("sender-" + s + ".rw");
                files.add(file);
                parts.add(pool.submit(() -> encodeSender(file, sender, hosts, senders, seed, startMillis, rounds,
                        samplesPerRequest)));
            }
            int[] firstRound = new int[senders];
            long samples = 0;
            long firstSamples = 0;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            long bytes = 0;
            long requests = 0;
            for (int s = 0; s < senders; s++) {
                long[] r = parts.get(s).get();
                firstRound[s] = (int) r[0];
                samples += r[1];
                firstSamples += r[2];
                min = Math.min(min, r[3]);
                max = Math.max(max, r[4]);
                bytes += r[5];
                requests += r[6];
            }
            int[] seriesPerHost = new int[hosts];
            for (int h = 0; h < hosts; h++) {
                seriesPerHost[h] = new NodeHost(h, seed).series();
            }
            return new EncodedLoad(files, firstRound, seriesPerHost, samples, firstSamples, min, max, bytes, requests);
        } finally {
            pool.shutdown();
        }
    }

    /** @return first-round requests, samples, first-round samples, min and max timestamp, bytes and requests written */
    private static long[] encodeSender(Path file, int sender, int hosts, int senders, long seed, long startMillis,
            int rounds, int samplesPerRequest) throws IOException {
        List<NodeHost> mine = new ArrayList<>();
        List<byte[][]> labels = new ArrayList<>();
        for (int h = sender; h < hosts; h += senders) {
            NodeHost host = new NodeHost(h, seed);
            mine.add(host);
            byte[][] encoded = new byte[host.series()][];
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = WriteRequestEncoder.labels(host.labels(i));
            }
            labels.add(encoded);
        }
        WriteRequestEncoder encoder = new WriteRequestEncoder();
        long[] out = {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0, 0};
        try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            for (int r = 0; r < rounds; r++) {
                long roundStart = startMillis + r * NodeHost.INTERVAL_MILLIS;
                int requests = 0;
                for (int h = 0; h < mine.size(); h++) {
                    NodeHost host = mine.get(h);
                    host.scrape(roundStart);
                    byte[][] encoded = labels.get(h);
                    for (int i = 0; i < encoded.length; i++) {
                        long t = host.timestamp(i);
                        encoder.add(encoded[i], t, host.value(i));
                        out[3] = Math.min(out[3], t);
                        out[4] = Math.max(out[4], t);
                        out[1]++;
                        if (r == 0) {
                            out[2]++;
                        }
                        if (encoder.samples() == samplesPerRequest) {
                            out[5] += write(data, encoder.finish());
                            out[6]++;
                            requests++;
                        }
                    }
                }
                if (encoder.samples() > 0) {
                    out[5] += write(data, encoder.finish());
                    out[6]++;
                    requests++;
                }
                if (r == 0) {
                    out[0] = requests;
                }
            }
        }
        return out;
    }

    private static int write(DataOutputStream data, byte[] body) throws IOException {
        data.writeInt(body.length);
        data.write(body);
        return body.length + 4;
    }

    int senders() {
        return files.size();
    }

    /** @return requests of {@code sender} that carry the first round (every series new) */
    int firstRoundRequests(int sender) {
        return firstRoundRequests[sender];
    }

    int hosts() {
        return seriesPerHost.length;
    }

    int seriesOfHost(int host) {
        return seriesPerHost[host];
    }

    long series() {
        long n = 0;
        for (int s : seriesPerHost) {
            n += s;
        }
        return n;
    }

    long samples() {
        return samples;
    }

    long firstRoundSamples() {
        return firstRoundSamples;
    }

    long firstTimestamp() {
        return firstTimestamp;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    /** @return requests in all files */
    long requests() {
        return requests;
    }

    /** @return compressed request bytes in all files */
    long bytes() {
        return bytes;
    }

    /** @return the requests of one sender, in order, read from its file as they are sent */
    Iterator<byte[]> requests(int sender) {
        return new Reader(files.get(sender));
    }

    void delete() throws IOException {
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }

    private static final class Reader implements Iterator<byte[]> {
        private final DataInputStream in;
        private byte[] next;

        Reader(Path file) {
            try {
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            advance();
        }

        private void advance() {
            try {
                int length = in.readInt();
                next = in.readNBytes(length);
            } catch (EOFException end) {
                next = null;
                close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public byte[] next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            byte[] current = next;
            advance();
            return current;
        }
    }
}
