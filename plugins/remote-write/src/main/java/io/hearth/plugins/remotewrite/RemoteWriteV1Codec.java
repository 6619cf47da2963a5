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
 * timestamp}; MetricMetadata {1: type, 2: family name, 4: help, 5: unit}. Series, labels, samples
 * and exemplars are read with {@link WireReader}, the rare histograms and metadata with protobuf's
 * {@code CodedInputStream}.
 */
final class RemoteWriteV1Codec implements IngestCodec {

    private static final String[] TYPES = {"unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary",
        "info", "stateset"};

    // Tags (field number << 3 | wire type) of the fields read; a known field with another wire type
    // is skipped as unknown.
    private static final int SERIES_TAG = 1 << 3 | WireReader.LENGTH_DELIMITED;
    private static final int METADATA_TAG = 3 << 3 | WireReader.LENGTH_DELIMITED;
    private static final int LABEL_TAG = 1 << 3 | WireReader.LENGTH_DELIMITED;
    private static final int SAMPLE_TAG = 2 << 3 | WireReader.LENGTH_DELIMITED;
    private static final int EXEMPLAR_TAG = 3 << 3 | WireReader.LENGTH_DELIMITED;
    private static final int HISTOGRAM_TAG = 4 << 3 | WireReader.LENGTH_DELIMITED;
    private static final int NAME_TAG = 1 << 3 | WireReader.LENGTH_DELIMITED;
    private static final int VALUE_TAG = 2 << 3 | WireReader.LENGTH_DELIMITED;
    private static final int SAMPLE_VALUE_TAG = 1 << 3 | WireReader.FIXED64;
    private static final int SAMPLE_TIMESTAMP_TAG = 2 << 3 | WireReader.VARINT;
    private static final int EXEMPLAR_LABEL_TAG = 1 << 3 | WireReader.LENGTH_DELIMITED;
    private static final int EXEMPLAR_VALUE_TAG = 2 << 3 | WireReader.FIXED64;
    private static final int EXEMPLAR_TIMESTAMP_TAG = 3 << 3 | WireReader.VARINT;

    private final int maxBytes;
    private final StringCache strings = new StringCache();
    private final BodyBuffers buffers = new BodyBuffers();

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
        Body decompressed = RemoteWriteRequests.body(request, maxBytes, buffers);
        byte[] body = decompressed.bytes();
        try {
            WireReader in = new WireReader(body, 0, decompressed.length());
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (tag == SERIES_TAG) {
                    int outer = in.enter();
                    readSeries(in, body, sink);
                    in.leave(outer);
                } else if (tag == METADATA_TAG) {
                    readMetadata(nested(in, body), sink);
                } else {
                    in.skipField(tag);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw MalformedPayloadException.malformed("body is not a valid prometheus.WriteRequest: " + e.getMessage(), e);
        } catch (IOException e) {
            throw MalformedPayloadException.malformed("cannot read body: " + e.getMessage(), e);
        } finally {
            decompressed.release();
        }
    }

    @Override
    public IngestResponse respond(IngestOutcome outcome) {
        return RemoteWriteRequests.respond(outcome, Map.of());
    }

    private void readSeries(WireReader in, byte[] body, WriteSink sink) throws IOException {
        sink.beginSeries();
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case LABEL_TAG -> {
                    int outer = in.enter();
                    readSeriesLabel(in, body, sink);
                    in.leave(outer);
                }
                case SAMPLE_TAG -> {
                    int outer = in.enter();
                    readSample(in, sink);
                    in.leave(outer);
                }
                case EXEMPLAR_TAG -> {
                    int outer = in.enter();
                    readExemplar(in, body, sink);
                    in.leave(outer);
                }
                case HISTOGRAM_TAG -> sink.histogram(WireHistogram.read(nested(in, body)));
                default -> in.skipField(tag);
            }
        }
        sink.endSeries();
    }

    /** A Sample {1: double value, 2: int64 timestamp}. */
    private static void readSample(WireReader in, WriteSink sink) throws IOException {
        double value = 0;
        long timestamp = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == SAMPLE_VALUE_TAG) {
                value = in.readDouble();
            } else if (tag == SAMPLE_TIMESTAMP_TAG) {
                timestamp = in.readVarint64();
            } else {
                in.skipField(tag);
            }
        }
        sink.sample(timestamp, value);
    }

    /** A series's Label, handed to the sink as it is read: the one call per label of every request. */
    private void readSeriesLabel(WireReader in, byte[] body, WriteSink sink) throws IOException {
        String name = "";
        String value = "";
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag == NAME_TAG) {
                name = readString(in, body);
            } else if (tag == VALUE_TAG) {
                value = readString(in, body);
            } else {
                in.skipField(tag);
            }
        }
        sink.label(name, value);
    }

    private String readString(WireReader in, byte[] body) throws IOException {
        int length = in.readVarint32();
        int offset = in.position();
        in.skip(length);
        return strings.read(body, offset, length);
    }

    private void readExemplar(WireReader in, byte[] body, WriteSink sink) throws IOException {
        List<String> labels = new ArrayList<>(4);
        double value = 0;
        long timestamp = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (tag) {
                case EXEMPLAR_LABEL_TAG -> {
                    int outer = in.enter();
                    String name = "";
                    String labelValue = "";
                    int labelTag;
                    while ((labelTag = in.readTag()) != 0) {
                        if (labelTag == NAME_TAG) {
                            name = readString(in, body);
                        } else if (labelTag == VALUE_TAG) {
                            labelValue = readString(in, body);
                        } else {
                            in.skipField(labelTag);
                        }
                    }
                    in.leave(outer);
                    labels.add(name);
                    labels.add(labelValue);
                }
                case EXEMPLAR_VALUE_TAG -> value = in.readDouble();
                case EXEMPLAR_TIMESTAMP_TAG -> timestamp = in.readVarint64();
                default -> in.skipField(tag);
            }
        }
        sink.exemplar(labels.toArray(new String[0]), timestamp, value);
    }

    /**
     * A length-delimited field's message as a stream of its own, for the rare messages
     * (histograms, metadata) read with protobuf's general reader.
     */
    private static CodedInputStream nested(WireReader in, byte[] body) throws IOException {
        int length = in.readVarint32();
        int offset = in.position();
        in.skip(length);
        return CodedInputStream.newInstance(body, offset, length);
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
