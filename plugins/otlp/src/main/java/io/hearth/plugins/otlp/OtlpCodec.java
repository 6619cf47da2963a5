package io.hearth.plugins.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hearth.spi.ingest.IngestCodec;
import io.hearth.spi.ingest.IngestOutcome;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.IngestResponse;
import io.hearth.spi.ingest.MalformedPayloadException;
import io.hearth.spi.ingest.WriteSink;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.util.List;
import java.util.Map;

/**
 * OTLP/HTTP metrics in one body format, protobuf or JSON: the body (gzip or not) is read into an
 * {@code ExportMetricsServiceRequest}, translated into the sink by {@link OtlpTranslator}, and
 * answered with an {@code ExportMetricsServiceResponse} in the same format. One codec per format,
 * so that {@link #respond} knows the format without knowing the request.
 *
 * <p>Points the codec refuses itself (delta temporality) go to {@link WriteSink#refuse}, so the
 * kernel's outcome counts and names them with its own rejections.
 */
final class OtlpCodec implements IngestCodec {

    static final String ENDPOINT = "otlp_metrics";

    /** The two body formats of OTLP/HTTP. */
    enum Format {
        PROTOBUF("application/x-protobuf"), JSON("application/json");

        final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    private final Format format;
    private final int maxBytes;

    /**
     * @param format the body format this codec reads and answers in
     * @param maxBytes the largest body accepted after decompression
     */
    OtlpCodec(Format format, int maxBytes) {
        this.format = format;
        this.maxBytes = maxBytes;
    }

    @Override
    public String endpoint() {
        return ENDPOINT;
    }

    @Override
    public boolean accepts(IngestRequest request) {
        return request.endpoint().equals(ENDPOINT) && request.mediaType().equals(format.mediaType);
    }

    @Override
    public void decode(IngestRequest request, WriteSink sink) throws MalformedPayloadException {
        byte[] body = OtlpBody.read(request, maxBytes);
        ExportMetricsServiceRequest export = switch (format) {
            case PROTOBUF -> {
                try {
                    yield ExportMetricsServiceRequest.parseFrom(body);
                } catch (InvalidProtocolBufferException e) {
                    throw MalformedPayloadException.malformed("body is not a valid protobuf ExportMetricsServiceRequest: "
                            + e.getMessage(), e);
                }
            }
            case JSON -> OtlpJson.parse(body);
        };
        OtlpTranslator.translate(export, sink);
    }

    /**
     * Always 200, as OTLP/HTTP answers a request it processed; {@code partial_success} counts and
     * names what was refused, by this codec (delta temporality) or by the kernel (validation,
     * limits).
     */
    @Override
    public IngestResponse respond(IngestOutcome outcome) {
        long rejected = outcome.rejectedPoints();
        List<String> reasons = outcome.rejections();
        ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
        if (rejected > 0 || !reasons.isEmpty()) {
            response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(rejected)
                    .setErrorMessage(String.join("; ", reasons)));
        }
        byte[] body = switch (format) {
            case PROTOBUF -> response.build().toByteArray();
            case JSON -> OtlpJson.print(response.build());
        };
        return new IngestResponse(200, Map.of(), format.mediaType, body);
    }

    /**
     * A refused request (malformed body, over the rate limit) answers with a {@code google.rpc.Status}
     * in the request's format, as OTLP/HTTP specifies, so exporters can log its message; 429 keeps
     * the kernel's {@code Retry-After}, which OTLP exporters honour.
     */
    @Override
    public IngestResponse refuse(int status, Map<String, String> headers, String message) {
        byte[] body = switch (format) {
            case PROTOBUF -> RpcStatus.protobuf(status, message);
            case JSON -> RpcStatus.json(status, message);
        };
        return new IngestResponse(status, headers, format.mediaType, body);
    }
}
