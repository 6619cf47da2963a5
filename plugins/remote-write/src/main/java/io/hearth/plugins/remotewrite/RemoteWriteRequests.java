package io.hearth.plugins.remotewrite;

import io.hearth.spi.ingest.IngestOutcome;
import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.IngestResponse;
import io.hearth.spi.ingest.MalformedPayloadException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** What remote write 1.0 and 2.0 share: content negotiation, compression and the answer. */
final class RemoteWriteRequests {

    static final String ENDPOINT = "remote_write";

    private RemoteWriteRequests() {
    }

    /** @return the {@code proto} parameter of the content type, or an empty string */
    static String protoParameter(IngestRequest request) {
        String type = request.header("content-type");
        for (String part : type.split(";")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "proto=", 0, 6)) {
                return p.substring(6).strip();
            }
        }
        return "";
    }

    static boolean isProtobuf(IngestRequest request) {
        return request.endpoint().equals(ENDPOINT) && request.mediaType().equals("application/x-protobuf");
    }

    /** Decompresses the body per Content-Encoding: snappy (what every sender uses) or none. */
    static Body body(IngestRequest request, int maxBytes, BodyBuffers buffers) throws MalformedPayloadException {
        String encoding = request.header("content-encoding").strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "snappy" -> SnappyBlock.decompress(request.body(), maxBytes, buffers);
            case "", "identity" -> {
                if (request.body().length == 0) {
                    throw MalformedPayloadException.malformed("empty request body", null);
                }
                if (request.body().length > maxBytes) {
                    throw MalformedPayloadException.malformed("body exceeds " + maxBytes + " bytes", null);
                }
                yield new Body(request.body(), request.body().length, null);
            }
            default -> throw MalformedPayloadException.unsupported("unsupported Content-Encoding '" + encoding + "'");
        };
    }

    /**
     * 204 when everything was stored; 400 naming the first rejections otherwise, as Prometheus does;
     * 202 with the reason when the request came from an HA replica that is not elected, as Cortex
     * answers, so that the sender counts it as delivered and does not retry.
     */
    static IngestResponse respond(IngestOutcome outcome, Map<String, String> headers) {
        if (outcome.onlyDeduplicated()) {
            return new IngestResponse(202, headers, "text/plain; charset=utf-8",
                    (outcome.deduplication() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (outcome.rejections().isEmpty()) {
            return new IngestResponse(204, headers, null, null);
        }
        String text = String.join("\n", outcome.rejections()) + "\n";
        return new IngestResponse(400, headers, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
