package io.hearth.plugins.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.ingest.IngestOutcome;
import io.hearth.spi.ingest.MalformedPayloadException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteWriteV2CodecTest {

    private static final String TYPE = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    private final RemoteWriteV2Codec codec = new RemoteWriteV2Codec(1 << 20);

    @Test
    void resolvesLabelsThroughTheSymbolTable() throws Exception {
        Wire request = new Wire()
                .string(4, "").string(4, "__name__").string(4, "jobs_total").string(4, "job").string(4, "batch")
                .string(4, "Jobs run.").string(4, "trace_id").string(4, "t1")
                .message(5, new Wire().packedUInt32(1, 1, 2, 3, 4)
                        .message(2, new Wire().doubleField(1, 7).int64(2, 5000))
                        .message(4, new Wire().packedUInt32(1, 6, 7).doubleField(2, 7).int64(3, 5000))
                        .message(5, new Wire().enumField(1, 1).uint32(3, 5))
                        .int64(6, 1000));
        RecordingSink sink = new RecordingSink();
        codec.decode(Wire.request(TYPE, "snappy", request.snappy()), sink);
        RecordingSink.Series series = sink.named("jobs_total");
        assertEquals(Map.of("__name__", "jobs_total", "job", "batch"), series.labels());
        assertEquals(5000, series.samples().get(0)[0]);
        assertEquals(List.of("trace_id,t1@5000=7.0"), series.exemplars());
        assertEquals(1000, series.createdTimestamp());
        assertEquals(List.of("jobs_total|counter|Jobs run.|"), sink.metadata);
    }

    @Test
    void aSecondRequestDecodedThroughTheSameBufferLeavesTheFirstRequestsResultUntouched() throws Exception {
        String longValue = "L".repeat(300);
        byte[] first = new Wire()
                .string(4, "").string(4, "__name__").string(4, "first_total").string(4, "long").string(4, longValue)
                .string(4, "trace_id").string(4, "t1").string(4, "First help.")
                .message(5, new Wire().packedUInt32(1, 1, 2, 3, 4)
                        .message(2, new Wire().doubleField(1, 7).int64(2, 5000))
                        .message(4, new Wire().packedUInt32(1, 5, 6).doubleField(2, 7).int64(3, 5000))
                        .message(5, new Wire().enumField(1, 1).uint32(3, 7)))
                .snappy();
        byte[] second = new Wire().string(4, "").string(4, "__name__").string(4, "x").string(4, "long").string(4, "Z".repeat(300))
                .message(5, new Wire().packedUInt32(1, 1, 2, 3, 4).message(2, new Wire().doubleField(1, 1).int64(2, 1)))
                .snappy();
        RecordingSink firstSink = new RecordingSink();
        codec.decode(Wire.request(TYPE, "snappy", first), firstSink);
        String before = firstSink.describe();
        assertEquals(Map.of("__name__", "first_total", "long", longValue), firstSink.named("first_total").labels());

        RecordingSink secondSink = new RecordingSink();
        codec.decode(Wire.request(TYPE, "snappy", second), secondSink);
        assertEquals(before, firstSink.describe(), "the first request's labels, samples and the rest survive");
        assertEquals(Map.of("__name__", "x", "long", "Z".repeat(300)), secondSink.named("x").labels());
    }

    @Test
    void customBucketHistogramsCarryTheirBounds() throws Exception {
        Wire histogram = new Wire().doubleField(2, 6).doubleField(3, 4.5).sint32(4, -53)
                .message(11, new Wire().sint32(1, 1).uint32(2, 2)).packedDouble(13, 2, 4)
                .packedDouble(16, 0.25, 0.5).int64(15, 2000);
        Wire request = new Wire().string(4, "").string(4, "__name__").string(4, "rpc_seconds")
                .message(5, new Wire().packedUInt32(1, 1, 2).message(3, histogram));
        RecordingSink sink = new RecordingSink();
        codec.decode(Wire.request(TYPE, "snappy", request.snappy()), sink);
        var h = sink.named("rpc_seconds").histograms().get(0);
        assertEquals(-53, h.schema());
        assertTrue(h.floatCounts());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.25, 0.5}, h.customValues());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {2, 4}, h.positiveCounts());
    }

    @Test
    void symbolsMayFollowTheSeriesOnTheWire() throws Exception {
        Wire request = new Wire().message(5, new Wire().packedUInt32(1, 1, 2).message(2, new Wire().doubleField(1, 1).int64(2, 1)))
                .string(4, "").string(4, "__name__").string(4, "late");
        RecordingSink sink = new RecordingSink();
        codec.decode(Wire.request(TYPE, "snappy", request.snappy()), sink);
        assertEquals("late", sink.series.get(0).labels().get("__name__"));
    }

    @Test
    void aReferenceOutsideTheTableOrAnOddRefListIsMalformed() {
        byte[] outside = new Wire().string(4, "").message(5, new Wire().packedUInt32(1, 0, 9)).snappy();
        MalformedPayloadException e = assertThrows(MalformedPayloadException.class,
                () -> codec.decode(Wire.request(TYPE, "snappy", outside), new RecordingSink()));
        assertTrue(e.getMessage().contains("symbol reference 9 is outside the table of 1 symbols"), e.getMessage());
        byte[] odd = new Wire().string(4, "").message(5, new Wire().packedUInt32(1, 0)).snappy();
        assertThrows(MalformedPayloadException.class, () -> codec.decode(Wire.request(TYPE, "snappy", odd), new RecordingSink()));
    }

    @Test
    void onlyTheV2ProtoIsAcceptedAndTheAnswerCarriesWrittenCounts() {
        assertTrue(codec.accepts(Wire.request(TYPE, "snappy", new byte[0])));
        assertFalse(codec.accepts(Wire.request("application/x-protobuf", "snappy", new byte[0])));
        var response = codec.respond(new IngestOutcome(10, 2, 1, 0, List.of()));
        assertEquals(204, response.status());
        assertEquals("10", response.headers().get("X-Prometheus-Remote-Write-Samples-Written"));
        assertEquals("2", response.headers().get("X-Prometheus-Remote-Write-Histograms-Written"));
        assertEquals("1", response.headers().get("X-Prometheus-Remote-Write-Exemplars-Written"));
    }

    @Test
    void haDuplicatesCountAsWrittenSoThatTheStandbyReplicaRecordsNoFailures() {
        var response = codec.respond(new IngestOutcome(0, 0, 0, 0, List.of(), 7, 2, "replica \"b\" is not elected"));
        assertEquals(202, response.status());
        assertEquals("7", response.headers().get("X-Prometheus-Remote-Write-Samples-Written"));
        assertEquals("2", response.headers().get("X-Prometheus-Remote-Write-Histograms-Written"));
    }
}
