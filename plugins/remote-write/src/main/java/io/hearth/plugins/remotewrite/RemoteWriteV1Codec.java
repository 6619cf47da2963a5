package io.hearth.plugins.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.hearth.spi.ingest.IngestCodec;
import io.hearth.spi.ingest.IngestOutcome;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.IngestResponse;
import io.hearth.spi.ingest.MalformedPayloadException;
import io.hearth.spi.ingest.WriteSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Remote write 1.0: a snappy-compressed {@code prometheus.WriteRequest}, decoded straight from the
 * wire into the sink (no generated message objects): WriteRequest {1: TimeSeries, 3:
 * MetricMetadata}; TimeSeries {1: Label, 2: Sample, 3: Exemplar, 4: Histogram}; Label {1: name, 2:
 * value}; Sample {1: double value, 2: int64 timestamp}; Exemplar {1: Label, 2: value, 3:
 * timestamp}; MetricMetadata {1: type, 2: family name, 4: help, 5: unit}.
 */
final class RemoteWriteV1Codec implements IngestCodec {

    private static final String[] TYPES = {"unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary",
        "info", "stateset"};

    private static final int NAME_TAG = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED; // field 1, length-delimited
    private static final int VALUE_TAG = (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private final int maxBytes;
    private final StringCache strings = new StringCache();

    RemoteWriteV1Codec(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public String endpoint() {
        return RemoteWriteRequests.ENDPOINT;
    }

    @Override
    public boolean accepts(IngestRequest request) {
        if (!RemoteWriteRequests.isProtobuf(request)) {
            return false;
        }
        String proto = RemoteWriteRequests.protoParameter(request);
        String version = request.header("x-prometheus-remote-write-version");
        return (proto.isEmpty() || proto.equals("prometheus.WriteRequest")) && (version.isEmpty() || version.startsWith("0.1"));
    }

    @Override
    public void decode(IngestRequest request, WriteSink sink) throws MalformedPayloadException {
        byte[] body = RemoteWriteRequests.body(request, maxBytes);
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> {
                        int limit = in.pushLimit(in.readRawVarint32());
                        readSeries(in, body, sink);
                        in.popLimit(limit);
                    }
                    case 3 -> {
                        int limit = in.pushLimit(in.readRawVarint32());
                        readMetadata(in, sink);
                        in.popLimit(limit);
                    }
                    default -> in.skipField(tag);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw MalformedPayloadException.malformed("body is not a valid prometheus.WriteRequest: " + e.getMessage(), e);
        } catch (IOException e) {
            throw MalformedPayloadException.malformed("cannot read body: " + e.getMessage(), e);
        }
    }

    @Override
    public IngestResponse respond(IngestOutcome outcome) {
        return RemoteWriteRequests.respond(outcome, Map.of());
    }

    private void readSeries(CodedInputStream in, byte[] body, WriteSink sink) throws IOException {
        sink.beginSeries();
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    readSeriesLabel(in, body, sink);
                    in.popLimit(limit);
                }
                case 2 -> WireSample.read(in, sink);
                case 3 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    readExemplar(in, body, sink);
                    in.popLimit(limit);
                }
                case 4 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    sink.histogram(WireHistogram.read(in));
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        sink.endSeries();
    }

    /** A series's Label, handed to the sink as it is read: the one call per label of every request. */
    private void readSeriesLabel(CodedInputStream in, byte[] body, WriteSink sink) throws IOException {
        String name = "";
        String value = "";
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == NAME_TAG) {
                name = strings.read(in, body);
            } else if (tag == VALUE_TAG) {
                value = strings.read(in, body);
            } else {
                in.skipField(tag);
            }
        }
        sink.label(name, value);
    }

    private String[] readLabel(CodedInputStream in, byte[] body) throws IOException {
        String name = "";
        String value = "";
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            if ((field == 1 || field == 2) && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                if (field == 1) {
                    name = strings.read(in, body);
                } else {
                    value = strings.read(in, body);
                }
            } else {
                in.skipField(tag);
            }
        }
        return new String[] {name, value};
    }

    private void readExemplar(CodedInputStream in, byte[] body, WriteSink sink) throws IOException {
        List<String> labels = new ArrayList<>(4);
        double value = 0;
        long timestamp = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    String[] pair = readLabel(in, body);
                    in.popLimit(limit);
                    labels.add(pair[0]);
                    labels.add(pair[1]);
                }
                case 2 -> value = in.readDouble();
                case 3 -> timestamp = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        sink.exemplar(labels.toArray(new String[0]), timestamp, value);
    }

    private static void readMetadata(CodedInputStream in, WriteSink sink) throws IOException {
        int type = 0;
        String family = "";
        String help = "";
        String unit = "";
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> type = in.readEnum();
                case 2 -> family = in.readStringRequireUtf8();
                case 4 -> help = in.readStringRequireUtf8();
                case 5 -> unit = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        sink.metadata(family, type >= 0 && type < TYPES.length ? TYPES[type] : "unknown", help, unit);
    }
}
