package io.hearth.spi.ingest;

import java.util.Map;

/**
 * The HTTP answer to a write, as the wire format wants it written.
 *
 * @param status the HTTP status
 * @param headers extra response headers (e.g. remote write 2.0's written counts)
 * @param contentType the body's media type, or null for no body
 * @param body the body bytes, or null
 */
public record IngestResponse(int status, Map<String, String> headers, String contentType, byte[] body) {

    public IngestResponse {
        headers = Map.copyOf(headers);
    }
}
