package io.hearth.plugins.remotewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.ingest.IngestOutcome;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.MalformedPayloadException;
import io.hearth.spi.ingest.NativeHistogram;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteWriteV1CodecTest {

    private static final String TYPE = "application/x-protobuf";
    private static final long STALE_NAN = 0x7ff0000000000002L;

    private final RemoteWriteV1Codec codec = new RemoteWriteV1Codec(1 << 20);

    private static Wire label(String name, String value) {
        return new Wire().string(1, name).string(2, value);
    }

    private static Wire sample(double value, long timestamp) {
        return new Wire().doubleField(1, value).int64(2, timestamp);
    }

    @Test
    void decodesSeriesSamplesExemplarsHistogramsAndMetadata() throws Exception {
        Wire histogram = new Wire().uint64(1, 5).doubleField(3, 12.5).sint32(4, 2).doubleField(5, 0.001).uint64(6, 1)
                .message(11, new Wire().sint32(1, -1).uint32(2, 2)).packedSInt64(12, 3, -2).enumField(14, 2).int64(15, 1000);
        Wire request = new Wire()
                .message(1, new Wire()
                        .message(1, label("__name__", "http_requests_total")).message(1, label("job", "api"))
                        .message(2, sample(1.5, 1000)).message(2, sample(Double.longBitsToDouble(STALE_NAN), 2000))
                        .message(3, new Wire().message(1, label("trace_id", "abc")).doubleField(2, 1.5).int64(3, 1000)))
                .message(1, new Wire().message(1, label("__name__", "latency")).message(4, histogram))
                .message(3, new Wire().enumField(1, 1).string(2, "http_requests_total").string(4, "Requests.").string(5, ""));
        RecordingSink sink = new RecordingSink();
        codec.decode(Wire.request(TYPE, "snappy", request.snappy()), sink);

        RecordingSink.Series counter = sink.named("http_requests_total");
        assertEquals(Map.of("__name__", "http_requests_total", "job", "api"), counter.labels());
        assertEquals(2, counter.samples().size());
        assertArrayEquals(new long[] {1000, Double.doubleToRawLongBits(1.5)}, counter.samples().get(0));
        assertEquals(STALE_NAN, counter.samples().get(1)[1], "the stale marker's bits survive");
        assertEquals(List.of("trace_id,abc@1000=1.5"), counter.exemplars());

        NativeHistogram h = sink.named("latency").histograms().get(0);
        assertFalse(h.floatCounts());
        assertEquals(5, h.count());
        assertEquals(12.5, h.sum());
        assertEquals(2, h.schema());
        assertEquals(1, h.zeroCount());
        assertArrayEquals(new int[] {-1, 2}, h.positiveSpans());
        assertArrayEquals(new long[] {3, -2}, h.positiveDeltas());
        assertEquals(2, h.resetHint());
        assertEquals(1000, h.timestampMillis());
        assertEquals(List.of("http_requests_total|counter|Requests.|"), sink.metadata);
    }

    @Test
    void customBucketHistogramsCarryTheirBounds() throws Exception {
        // what Prometheus sends for a classic histogram converted to custom buckets (schema -53)
        Wire histogram = new Wire().uint64(1, 6).doubleField(3, 4.5).sint32(4, -53)
                .message(11, new Wire().sint32(1, 0).uint32(2, 3)).packedSInt64(12, 1, 2, 0)
                .packedDouble(16, 0.25, 0.5, 1).int64(15, 2000);
        Wire request = new Wire().message(1, new Wire().message(1, label("__name__", "rpc_seconds")).message(4, histogram));
        RecordingSink sink = new RecordingSink();
        codec.decode(Wire.request(TYPE, "snappy", request.snappy()), sink);
        NativeHistogram h = sink.named("rpc_seconds").histograms().get(0);
        assertEquals(-53, h.schema());
        assertArrayEquals(new double[] {0.25, 0.5, 1}, h.customValues());
        assertArrayEquals(new long[] {1, 2, 0}, h.positiveDeltas());
    }

    @Test
    void repeatedLabelStringsComeBackAsTheSameInstances() throws Exception {
        byte[] body = new Wire().message(1, new Wire().message(1, label("__name__", "up")).message(1, label("job", "api"))
                .message(2, sample(1, 1000))).snappy();
        RecordingSink first = new RecordingSink();
        RecordingSink second = new RecordingSink();
        codec.decode(Wire.request(TYPE, "snappy", body), first);
        codec.decode(Wire.request(TYPE, "snappy", body), second);
        String a = first.series.get(0).labels().get("job");
        String b = second.series.get(0).labels().get("job");
        assertEquals("api", b);
        org.junit.jupiter.api.Assertions.assertSame(a, b, "the second request reuses the first's strings");
    }

    @Test
    void aSecondRequestDecodedThroughTheSameBufferLeavesTheFirstRequestsResultUntouched() throws Exception {
        // The first body is the larger, so the second is inflated into the very buffer the first used;
        // strings of every cache path (short, up to 256 bytes, longer) must be copies, not views.
        String mid = "m".repeat(100);
        String longValue = "L".repeat(300);
        Wire histogram = new Wire().uint64(1, 5).doubleField(3, 12.5).sint32(4, 2).uint64(6, 1)
                .message(11, new Wire().sint32(1, -1).uint32(2, 2)).packedSInt64(12, 3, -2).int64(15, 1000);
        byte[] first = new Wire()
                .message(1, new Wire().message(1, label("__name__", "first_metric")).message(1, label("mid", mid))
                        .message(1, label("long", longValue)).message(2, sample(1.5, 1000))
                        .message(3, new Wire().message(1, label("trace_id", "first-trace")).doubleField(2, 1).int64(3, 1000)))
                .message(1, new Wire().message(1, label("__name__", "first_histogram")).message(4, histogram))
                .message(3, new Wire().enumField(1, 1).string(2, "first_metric").string(4, "First help.").string(5, ""))
                .snappy();
        byte[] second = new Wire()
                .message(1, new Wire().message(1, label("__name__", "other")).message(1, label("mid", "n".repeat(100)))
                        .message(1, label("long", "Z".repeat(300))).message(2, sample(9, 9000)))
                .snappy();
        RecordingSink firstSink = new RecordingSink();
        codec.decode(Wire.request(TYPE, "snappy", first), firstSink);
        String before = firstSink.describe();
        RecordingSink reference = new RecordingSink();
        new RemoteWriteV1Codec(1 << 20).decode(Wire.request(TYPE, "snappy", first), reference);
        assertEquals(reference.describe(), before);

        RecordingSink secondSink = new RecordingSink();
        codec.decode(Wire.request(TYPE, "snappy", second), secondSink);
        assertEquals(before, firstSink.describe(), "the first request's labels, samples and the rest survive");
        assertEquals(Map.of("__name__", "other", "mid", "n".repeat(100), "long", "Z".repeat(300)),
                secondSink.named("other").labels());
    }

    @Test
    void negotiatesOnContentTypeProtoParameterAndVersion() {
        assertTrue(codec.accepts(Wire.request(TYPE, "snappy", new byte[0])));
        assertTrue(codec.accepts(Wire.request(TYPE + ";proto=prometheus.WriteRequest", "snappy", new byte[0])));
        assertFalse(codec.accepts(Wire.request(TYPE + ";proto=io.prometheus.write.v2.Request", "snappy", new byte[0])));
        assertFalse(codec.accepts(Wire.request("application/json", "snappy", new byte[0])));
        assertFalse(codec.accepts(new IngestRequest("otlp_metrics", Map.of("content-type", List.of(TYPE)), new byte[0])));
    }

    @Test
    void malformedBodiesAreRefusedWithAReason() {
        assertMalformed(Wire.request(TYPE, "snappy", new byte[0]), "empty request body");
        assertMalformed(Wire.request(TYPE, "snappy", "not snappy at all".getBytes()), "not snappy");
        byte[] valid = new Wire().message(1, new Wire().message(1, label("a", "b"))).toBytes();
        byte[] truncated = Arrays.copyOf(valid, valid.length - 2);
        assertMalformed(Wire.request(TYPE, "", truncated), "not a valid prometheus.WriteRequest");
        byte[] badUtf8 = new Wire().message(1, new Wire().message(1, new Wire().string(1, "x"))).toBytes();
        badUtf8[badUtf8.length - 1] = (byte) 0xff;
        assertMalformed(Wire.request(TYPE, "", badUtf8), "not a valid prometheus.WriteRequest");
        MalformedPayloadException gzip = assertThrows(MalformedPayloadException.class,
                () -> codec.decode(Wire.request(TYPE, "gzip", valid), new RecordingSink()));
        assertTrue(gzip.unsupportedMediaType());
    }

    @Test
    void corruptSnappyIsRefusedAsMalformedAndNeverFailsOtherwise() {
        Wire request = new Wire();
        for (int i = 0; i < 50; i++) {
            request.message(1, new Wire().message(1, label("__name__", "metric_" + (i % 7))).message(1, label("i", "v" + i))
                    .message(2, sample(i, 1000 + i)));
        }
        byte[] valid = request.snappy();
        byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
        assertMalformed(Wire.request(TYPE, "snappy", truncated), "not snappy");
        long seed = new java.util.Random().nextLong();
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 500; round++) {
            byte[] corrupt = valid.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                codec.decode(Wire.request(TYPE, "snappy", corrupt), new RecordingSink());
            } catch (MalformedPayloadException expected) {
                // refused: the only other outcome allowed (a flip inside a literal can still decode)
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " round " + round + ": " + e, e);
            }
        }
    }

    @Test
    void aDecompressionBombIsRefusedBeforeItIsInflated() {
        RemoteWriteV1Codec small = new RemoteWriteV1Codec(1024);
        byte[] big = new Wire().message(1, new Wire().message(1, label("a", "x".repeat(4096)))).snappy();
        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> small.decode(Wire.request(TYPE, "snappy", big), new RecordingSink()));
        assertTrue(e.getMessage().contains("exceeds the limit of 1024 bytes"), e.getMessage());
    }

    @Test
    void answers204WhenAllWasStoredAnd400NamingRejections() {
        assertEquals(204, codec.respond(new IngestOutcome(3, 0, 0, 0, List.of())).status());
        var refused = codec.respond(new IngestOutcome(1, 0, 0, 2, List.of("series {a=\"b\"}: out of order sample")));
        assertEquals(400, refused.status());
        assertTrue(new String(refused.body()).contains("out of order"));
    }

    @Test
    void answers202WhenTheWholeRequestCameFromANonElectedHaReplica() {
        String why = "replica \"b\" of HA cluster \"prod\" is not the elected replica (\"a\")";
        var deduplicated = codec.respond(new IngestOutcome(0, 0, 0, 0, List.of(), 5, 0, why));
        assertEquals(202, deduplicated.status(), "2xx, so that Prometheus does not retry the duplicates");
        assertEquals(why + "\n", new String(deduplicated.body()));
        assertEquals(204, codec.respond(new IngestOutcome(2, 0, 0, 0, List.of(), 5, 0, why)).status(),
                "other series of the request were stored");
        assertEquals(400, codec.respond(new IngestOutcome(0, 0, 0, 1, List.of("bad"), 5, 0, why)).status());
    }

    private void assertMalformed(IngestRequest request, String message) {
        MalformedPayloadException e = assertThrows(MalformedPayloadException.class, () -> codec.decode(request, new RecordingSink()));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(e.unsupportedMediaType());
    }
}
