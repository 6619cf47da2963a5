package io.hearth.conformance;

import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * Well-formed bodies with senseless values, the complement of {@link PayloadMutator}: the wire
 * format parses, but schemas, span offsets and lengths, bucket counts, thresholds, timestamps,
 * bounds and quantiles are drawn from extremes (NaN, infinities, negative counts, int overflow),
 * so decoding goes past the parser into translation, validation, histogram conversion and storage.
 */
final class RandomPayloads {

    private static final double[] DOUBLES = {0, -0.0, 1, -1, 0.5, 1e-300, 1e300, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, Double.longBitsToDouble(0x7ff0000000000002L)};
    private static final int[] INTS = {0, 1, -1, 2, 8, 9, -4, -5, -53, 52, 127, Integer.MAX_VALUE, Integer.MIN_VALUE,
        Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1};
    private static final long[] LONGS = {0, 1, -1, 3, 1L << 53, (1L << 53) + 1, Long.MAX_VALUE, Long.MIN_VALUE, 1000};

    private RandomPayloads() {
    }

    /** A remote write 1.0 body (uncompressed) of a few series with odd samples and histograms. */
    static byte[] v1(long t, Random random) {
        return message(out -> {
            int series = 1 + random.nextInt(4);
            for (int s = 0; s < series; s++) {
                out.writeByteArray(1, message(ts -> {
                    ts.writeByteArray(1, message(l -> {
                        l.writeString(1, "__name__");
                        l.writeString(2, "odd_" + random.nextInt(4));
                    }));
                    if (random.nextInt(4) == 0) {
                        ts.writeByteArray(1, message(l -> {
                            l.writeString(1, random.nextBoolean() ? "le" : "");
                            l.writeString(2, random.nextBoolean() ? "" : "x");
                        }));
                    }
                    int samples = random.nextInt(3);
                    for (int i = 0; i < samples; i++) {
                        ts.writeByteArray(2, message(smp -> {
                            smp.writeDouble(1, pickDouble(random));
                            smp.writeInt64(2, timestamp(t, random));
                        }));
                    }
                    int histograms = random.nextInt(3);
                    for (int i = 0; i < histograms; i++) {
                        ts.writeByteArray(4, message(h -> histogram(h, t, random)));
                    }
                }));
            }
        });
    }

    /** A remote write 2.0 body (uncompressed) with odd histograms and created timestamps. */
    static byte[] v2(long t, Random random) {
        return message(out -> {
            out.writeString(4, "");
            out.writeString(4, "__name__");
            out.writeString(4, "odd_v2");
            out.writeString(4, "job");
            int series = 1 + random.nextInt(3);
            for (int s = 0; s < series; s++) {
                out.writeByteArray(5, message(ts -> {
                    ts.writeByteArray(1, message(p -> {
                        p.writeUInt32NoTag(1);
                        p.writeUInt32NoTag(2);
                        if (random.nextInt(3) == 0) {
                            p.writeUInt32NoTag(3);
                            p.writeUInt32NoTag(random.nextInt(5));
                        }
                    }));
                    if (random.nextBoolean()) {
                        ts.writeByteArray(2, message(smp -> {
                            smp.writeDouble(1, pickDouble(random));
                            smp.writeInt64(2, timestamp(t, random));
                        }));
                    }
                    int histograms = random.nextInt(3);
                    for (int i = 0; i < histograms; i++) {
                        ts.writeByteArray(3, message(h -> histogram(h, t, random)));
                    }
                    if (random.nextBoolean()) {
                        ts.writeInt64(6, pickLong(random));
                    }
                }));
            }
        });
    }

    /** An OTLP request of every point kind, each with odd values. */
    static ExportMetricsServiceRequest otlp(long t, Random random) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
        long nanos = t * 1_000_000;
        int metrics = 1 + random.nextInt(4);
        for (int m = 0; m < metrics; m++) {
            Metric.Builder metric = Metric.newBuilder().setName(random.nextInt(5) == 0 ? "" : "odd.metric" + random.nextInt(3))
                    .setUnit(random.nextBoolean() ? "" : new String[] {"s", "By/s", "{x}", "1", "%", "/"}[random.nextInt(6)]);
            switch (random.nextInt(5)) {
                case 0 -> metric.setGauge(Gauge.newBuilder().addDataPoints(number(nanos, random)));
                case 1 -> metric.setSum(Sum.newBuilder().setIsMonotonic(random.nextBoolean())
                        .setAggregationTemporalityValue(random.nextInt(4)).addDataPoints(number(nanos, random)));
                case 2 -> {
                    HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder().setTimeUnixNano(otlpTime(nanos, random))
                            .setCount(pickLong(random)).setFlags(random.nextInt(3));
                    if (random.nextBoolean()) {
                        point.setSum(pickDouble(random));
                    }
                    int bounds = random.nextInt(4);
                    for (int i = 0; i < bounds; i++) {
                        point.addExplicitBounds(pickDouble(random));
                    }
                    int counts = random.nextInt(5);
                    for (int i = 0; i < counts; i++) {
                        point.addBucketCounts(pickLong(random));
                    }
                    metric.setHistogram(Histogram.newBuilder().setAggregationTemporalityValue(random.nextInt(4))
                            .addDataPoints(point));
                }
                case 3 -> {
                    ExponentialHistogramDataPoint.Builder point = ExponentialHistogramDataPoint.newBuilder()
                            .setTimeUnixNano(otlpTime(nanos, random)).setScale(random.nextBoolean() ? pickInt(random)
                                    : random.nextInt(30) - 8)
                            .setCount(pickLong(random)).setZeroCount(pickLong(random)).setZeroThreshold(pickDouble(random))
                            .setFlags(random.nextInt(3))
                            .setPositive(buckets(random)).setNegative(buckets(random));
                    if (random.nextBoolean()) {
                        point.setSum(pickDouble(random));
                    }
                    metric.setExponentialHistogram(ExponentialHistogram.newBuilder()
                            .setAggregationTemporalityValue(random.nextBoolean() ? 2 : random.nextInt(4)).addDataPoints(point));
                }
                default -> {
                    SummaryDataPoint.Builder point = SummaryDataPoint.newBuilder().setTimeUnixNano(otlpTime(nanos, random))
                            .setCount(pickLong(random)).setSum(pickDouble(random));
                    int quantiles = random.nextInt(3);
                    for (int i = 0; i < quantiles; i++) {
                        point.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(pickDouble(random))
                                .setValue(pickDouble(random)));
                    }
                    metric.setSummary(Summary.newBuilder().addDataPoints(point));
                }
            }
            scope.addMetrics(metric);
        }
        Resource.Builder resource = Resource.newBuilder();
        if (random.nextBoolean()) {
            resource.addAttributes(KeyValue.newBuilder().setKey("service.name")
                    .setValue(AnyValue.newBuilder().setStringValue(random.nextBoolean() ? "" : "svc")));
        }
        if (random.nextBoolean()) {
            resource.addAttributes(KeyValue.newBuilder().setKey(random.nextBoolean() ? "" : "__")
                    .setValue(AnyValue.newBuilder().setDoubleValue(pickDouble(random))));
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope)).build();
    }

    private static NumberDataPoint number(long nanos, Random random) {
        NumberDataPoint.Builder point = NumberDataPoint.newBuilder().setTimeUnixNano(otlpTime(nanos, random))
                .setStartTimeUnixNano(pickLong(random)).setFlags(random.nextInt(3));
        if (random.nextBoolean()) {
            point.setAsDouble(pickDouble(random));
        } else {
            point.setAsInt(pickLong(random));
        }
        if (random.nextBoolean()) {
            point.addAttributes(KeyValue.newBuilder().setKey(random.nextBoolean() ? "9" : "a.b")
                    .setValue(AnyValue.newBuilder().setIntValue(pickLong(random))));
        }
        return point.build();
    }

    private static ExponentialHistogramDataPoint.Buckets.Builder buckets(Random random) {
        ExponentialHistogramDataPoint.Buckets.Builder buckets = ExponentialHistogramDataPoint.Buckets.newBuilder()
                .setOffset(random.nextBoolean() ? pickInt(random) : random.nextInt(20) - 10);
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            buckets.addBucketCounts(random.nextBoolean() ? pickLong(random) : random.nextInt(4));
        }
        return buckets;
    }

    /** A Histogram message with values from the extremes; spans and buckets agree only sometimes. */
    private static void histogram(CodedOutputStream h, long t, Random random) throws IOException {
        boolean floats = random.nextBoolean();
        if (floats) {
            h.writeDouble(2, pickDouble(random));
        } else {
            h.writeUInt64(1, pickLong(random));
        }
        h.writeDouble(3, pickDouble(random));
        h.writeSInt32(4, random.nextBoolean() ? pickInt(random) : random.nextInt(14) - 5);
        h.writeDouble(5, pickDouble(random));
        if (floats) {
            h.writeDouble(7, pickDouble(random));
        } else {
            h.writeUInt64(6, pickLong(random));
        }
        for (int side = 0; side < 2; side++) {
            int spans = random.nextInt(3);
            int buckets = 0;
            for (int i = 0; i < spans; i++) {
                int offset = random.nextBoolean() ? pickInt(random) : random.nextInt(10) - 5;
                int length = random.nextInt(8) == 0 ? pickInt(random) : random.nextInt(4);
                buckets += Math.max(0, length);
                h.writeByteArray(side == 0 ? 8 : 11, message(s -> {
                    s.writeSInt32(1, offset);
                    s.writeUInt32(2, length);
                }));
            }
            int n = random.nextInt(4) == 0 ? random.nextInt(5) : Math.min(buckets, 64);
            for (int i = 0; i < n; i++) {
                if (floats) {
                    h.writeDouble(side == 0 ? 10 : 13, random.nextBoolean() ? pickDouble(random) : random.nextInt(5));
                } else {
                    h.writeSInt64(side == 0 ? 9 : 12, random.nextBoolean() ? pickLong(random) : random.nextInt(5) - 1);
                }
            }
        }
        h.writeEnum(14, random.nextInt(5));
        h.writeInt64(15, timestamp(t, random));
        if (random.nextInt(6) == 0) {
            h.writeDouble(16, pickDouble(random));
        }
    }

    private static long timestamp(long t, Random random) {
        return random.nextInt(4) == 0 ? pickLong(random) : t + random.nextInt(2000) - 1000;
    }

    private static long otlpTime(long nanos, Random random) {
        return random.nextInt(4) == 0 ? pickLong(random) : nanos + random.nextInt(2000) * 1_000_000L - 1_000_000_000L;
    }

    private static double pickDouble(Random random) {
        return random.nextBoolean() ? DOUBLES[random.nextInt(DOUBLES.length)] : random.nextGaussian() * 100;
    }

    private static int pickInt(Random random) {
        return INTS[random.nextInt(INTS.length)];
    }

    private static long pickLong(Random random) {
        return random.nextBoolean() ? LONGS[random.nextInt(LONGS.length)] : random.nextInt(100);
    }

    private static byte[] message(RemoteWriteBodies.Fields fields) {
        try {
            return RemoteWriteBodies.message(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
