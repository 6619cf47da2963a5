package io.hearth.spi.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A write request as a codec sees it.
 *
 * @param endpoint the endpoint it arrived at, e.g. {@code remote_write}
 * @param headers every header, names lower-case
 * @param body the body as received (still compressed when the client compressed it); callers must
 *     not modify it
 */
public record IngestRequest(String endpoint, Map<String, List<String>> headers, byte[] body) {

    public IngestRequest {
        headers = Map.copyOf(headers);
    }

    /**
     * @param name a header name in any case
     * @return its first value, or an empty string when absent
     */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /** @return the media type of {@code Content-Type} without parameters, lower-case */
    public String mediaType() {
        String type = header("content-type");
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
