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
 * Remote write 2.0: a snappy-compressed {@code io.prometheus.write.v2.Request}, decoded straight
 * from the wire. Request {4: symbols, 5: TimeSeries}; TimeSeries {1: packed label refs, 2: Sample,
 * 3: Histogram, 4: Exemplar, 5: Metadata, 6: created timestamp}; Exemplar {1: label refs, 2: value,
 * 3: timestamp}; Metadata {1: type, 3: help ref, 4: unit ref}. Symbols come first on the wire in
 * practice but the format does not promise it, so series are decoded in a second pass once every
 * symbol is known.
 */
final class RemoteWriteV2Codec implements IngestCodec {

    static final String PROTO = "io.prometheus.write.v2.Request";
    private static final String[] TYPES = {"unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary",
        "info", "stateset"};

    private final int maxBytes;
    private final StringCache strings = new StringCache();
    private final BodyBuffers buffers = new BodyBuffers();

    RemoteWriteV2Codec(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public String endpoint() {
        return RemoteWriteRequests.ENDPOINT;
    }

    @Override
    public boolean accepts(IngestRequest request) {
        return RemoteWriteRequests.isProtobuf(request) && RemoteWriteRequests.protoParameter(request).equals(PROTO);
    }

    @Override
    public void decode(IngestRequest request, WriteSink sink) throws MalformedPayloadException {
        Body decompressed = RemoteWriteRequests.body(request, maxBytes, buffers);
        byte[] body = decompressed.bytes();
        int length = decompressed.length();
        try {
            List<String> symbols = new ArrayList<>();
            CodedInputStream in = CodedInputStream.newInstance(body, 0, length);
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) == 4
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    symbols.add(strings.read(in, body, length));
                } else {
                    in.skipField(tag);
                }
            }
            String[] table = symbols.toArray(new String[0]);
            in = CodedInputStream.newInstance(body, 0, length);
            while ((tag = in.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) == 5) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    readSeries(in, table, sink);
                    in.popLimit(limit);
                } else {
                    in.skipField(tag);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw MalformedPayloadException.malformed("body is not a valid " + PROTO + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw MalformedPayloadException.malformed("cannot read body: " + e.getMessage(), e);
        } catch (SymbolException e) {
            throw MalformedPayloadException.malformed(e.getMessage(), null);
        } finally {
            decompressed.release();
        }
    }

    @Override
    public IngestResponse respond(IngestOutcome outcome) {
        // HA duplicates count as written, as Cortex counts them: the elected replica's copy is stored,
        // and a sender must not record them as failed (Prometheus counts written < sent as failures).
        return RemoteWriteRequests.respond(outcome, Map.of(
                "X-Prometheus-Remote-Write-Samples-Written",
                Long.toString(outcome.samplesWritten() + outcome.deduplicatedSamples()),
                "X-Prometheus-Remote-Write-Histograms-Written",
                Long.toString(outcome.histogramsWritten() + outcome.deduplicatedHistograms()),
                "X-Prometheus-Remote-Write-Exemplars-Written", Long.toString(outcome.exemplarsWritten())));
    }

    private static void readSeries(CodedInputStream in, String[] symbols, WriteSink sink) throws IOException {
        sink.beginSeries();
        int type = 0;
        String help = "";
        String unit = "";
        boolean hasMetadata = false;
        String metricName = null;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    int[] refs = readRefs(in, tag);
                    if (refs.length % 2 != 0) {
                        throw new SymbolException("labels_refs has an odd length " + refs.length);
                    }
                    for (int i = 0; i < refs.length; i += 2) {
                        String name = symbol(symbols, refs[i]);
                        String value = symbol(symbols, refs[i + 1]);
                        if (name.equals("__name__")) {
                            metricName = value;
                        }
                        sink.label(name, value);
                    }
                }
                case 2 -> WireSample.read(in, sink);
                case 3 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    sink.histogram(WireHistogram.read(in));
                    in.popLimit(limit);
                }
                case 4 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    readExemplar(in, symbols, sink);
                    in.popLimit(limit);
                }
                case 5 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    int t;
                    while ((t = in.readTag()) != 0) {
                        switch (WireFormat.getTagFieldNumber(t)) {
                            case 1 -> type = in.readEnum();
                            case 3 -> help = symbol(symbols, in.readUInt32());
                            case 4 -> unit = symbol(symbols, in.readUInt32());
                            default -> in.skipField(t);
                        }
                    }
                    in.popLimit(limit);
                    hasMetadata = true;
                }
                case 6 -> {
                    long created = in.readInt64();
                    if (created != 0) {
                        sink.createdTimestamp(created);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        sink.endSeries();
        if (hasMetadata && metricName != null && (type != 0 || !help.isEmpty() || !unit.isEmpty())) {
            sink.metadata(metricName, type >= 0 && type < TYPES.length ? TYPES[type] : "unknown", help, unit);
        }
    }

    private static void readExemplar(CodedInputStream in, String[] symbols, WriteSink sink) throws IOException {
        String[] labels = new String[0];
        double value = 0;
        long timestamp = 0;
        int tag;
        while ((tag = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    int[] refs = readRefs(in, tag);
                    if (refs.length % 2 != 0) {
                        throw new SymbolException("exemplar labels_refs has an odd length " + refs.length);
                    }
                    labels = new String[refs.length];
                    for (int i = 0; i < refs.length; i++) {
                        labels[i] = symbol(symbols, refs[i]);
                    }
                }
                case 2 -> value = in.readDouble();
                case 3 -> timestamp = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        sink.exemplar(labels, timestamp, value);
    }

    private static int[] readRefs(CodedInputStream in, int tag) throws IOException {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            return new int[] {in.readUInt32()};
        }
        int limit = in.pushLimit(in.readRawVarint32());
        WireHistogram.IntList refs = new WireHistogram.IntList();
        while (in.getBytesUntilLimit() > 0) {
            refs.add(in.readUInt32());
        }
        in.popLimit(limit);
        return refs.toArray();
    }

    private static String symbol(String[] symbols, int ref) {
        if (ref < 0 || ref >= symbols.length) {
            throw new SymbolException("symbol reference " + Integer.toUnsignedString(ref) + " is outside the table of "
                    + symbols.length + " symbols");
        }
        return symbols[ref];
    }

    /** A reference to a symbol the request does not have. */
    private static final class SymbolException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SymbolException(String message) {
            super(message, null, false, false);
        }
    }
}
