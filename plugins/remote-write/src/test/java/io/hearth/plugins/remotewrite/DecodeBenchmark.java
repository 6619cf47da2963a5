package io.hearth.plugins.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.NativeHistogram;
import io.hearth.spi.ingest.WriteSink;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Remote write 1.0 decoding in process (snappy, protobuf, label strings) into a sink that only
 * counts, on requests shaped like {@code dev/bench-remote-write}'s: 2,000 series of 5 labels and
 * one sample each. Prints this thread's CPU nanoseconds per sample, the best of several rounds.
 *
 * <p>Skipped unless {@code -Dhearth.bench=true}; asserts only that every sample arrived.
 * {@code -Dhearth.bench.requests=2000}, {@code -Dhearth.bench.repeats=5}.
 */
class DecodeBenchmark {

    private static final int SERIES = 2_000;

    @Test
    void benchmark() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("hearth.bench"), "set -Dhearth.bench=true to run");
        int requests = Integer.getInteger("hearth.bench.requests", 2_000);
        int repeats = Integer.getInteger("hearth.bench.repeats", 5);
        IngestRequest[] bodies = new IngestRequest[16];
        for (int r = 0; r < bodies.length; r++) {
            Wire request = new Wire();
            for (int i = 0; i < SERIES; i++) {
                request.message(1, new Wire()
                        .message(1, new Wire().string(1, "__name__").string(2, "node_metric_" + (i % 100)))
                        .message(1, new Wire().string(1, "cpu").string(2, Integer.toString(i / 100 % 4)))
                        .message(1, new Wire().string(1, "device").string(2, "dev" + (i / 400)))
                        .message(1, new Wire().string(1, "instance").string(2, "host-" + r + ":9100"))
                        .message(1, new Wire().string(1, "job").string(2, "node"))
                        .message(2, new Wire().doubleField(1, r * 10.0 + i % 7).int64(2, 1_800_000_000_000L + r * 15_000L + i % 13)));
            }
            bodies[r] = Wire.request("application/x-protobuf", "snappy", request.snappy());
        }
        RemoteWriteV1Codec codec = new RemoteWriteV1Codec(64 << 20);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int repeat = 0; repeat < repeats; repeat++) {
            CountingSink sink = new CountingSink();
            long cpu = threads.getCurrentThreadCpuTime();
            for (int r = 0; r < requests; r++) {
                codec.decode(bodies[r % bodies.length], sink);
            }
            double nanosPerSample = (threads.getCurrentThreadCpuTime() - cpu) / (double) sink.samples;
            best = Math.min(best, nanosPerSample);
            System.out.printf("DecodeBenchmark: %d requests, %.1f CPU ns per sample (%.2f CPU s per million)%n", requests,
                    nanosPerSample, nanosPerSample / 1000);
            assertEquals((long) requests * SERIES, sink.samples);
        }
        System.out.printf("DecodeBenchmark: best %.1f CPU ns per sample%n", best);
    }

    private static final class CountingSink implements WriteSink {
        long samples;
        long labels;

        @Override
        public void beginSeries() {
        }

        @Override
        public void label(String name, String value) {
            labels += name.length() + value.length();
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
