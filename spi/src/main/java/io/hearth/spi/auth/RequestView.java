package io.hearth.spi.auth;

import java.util.List;
import java.util.Map;

/**
 * A read-only view of an HTTP request, as an {@link Authenticator} needs it. Valid only during the
 * call it is passed to.
 */
public interface RequestView {

    /** @return the HTTP method in upper case, e.g. {@code POST} */
    String method();

    /** @return the path exactly as sent, still percent-encoded, e.g. {@code /workspaces/ws-1/api/v1/query} */
    String rawPath();

    /** @return the query string exactly as sent, without the {@code ?}; empty when there is none */
    String rawQuery();

    /**
     * @return every header, names in lower case, values in the order received; the map is
     *     immutable
     */
    Map<String, List<String>> headers();

    /**
     * The first value of a header.
     *
     * @param name the header name, in any case
     * @return the value, or {@code null} when absent
     */
    default String header(String name) {
        List<String> values = headers().get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The request body. The kernel buffers bodies up to its configured maximum request size, so
     * an authenticator may hash them.
     *
     * @return the body bytes (empty when there is none); callers must not modify the array
     */
    byte[] body();
}
