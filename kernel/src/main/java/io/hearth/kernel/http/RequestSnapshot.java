package io.hearth.kernel.http;

import io.hearth.spi.auth.RequestView;
import java.util.List;
import java.util.Map;

/**
 * A request as authenticators see it, captured from whichever server layer received it.
 *
 * @param method the HTTP method
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query as sent, empty when there is none
 * @param headers every header, names lower-case
 * @param body the whole body
 */
public record RequestSnapshot(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body)
        implements RequestView {
}
