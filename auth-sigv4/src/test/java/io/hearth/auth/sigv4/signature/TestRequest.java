package io.hearth.auth.sigv4.signature;

import io.hearth.spi.auth.RequestView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link RequestView} built by hand, with copy-and-change helpers for mutation tests. */
public record TestRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body)
        implements RequestView {

    public TestRequest {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .addAll(values));
        lower.replaceAll((k, v) -> List.copyOf(v));
        headers = Map.copyOf(lower);
        body = body == null ? new byte[0] : body.clone();
    }

    /** A request from {@code "name: value"} header lines. */
    public static TestRequest of(String method, String rawPath, String rawQuery, String headerLines, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : headerLines.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        return new TestRequest(method, rawPath, rawQuery, headers, body);
    }

    public TestRequest withPath(String path) {
        return new TestRequest(method, path, rawQuery, headers, body);
    }

    public TestRequest withQuery(String query) {
        return new TestRequest(method, rawPath, query, headers, body);
    }

    public TestRequest withBody(byte[] newBody) {
        return new TestRequest(method, rawPath, rawQuery, headers, newBody);
    }

    public TestRequest withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        if (value == null) {
            copy.remove(name.toLowerCase(Locale.ROOT));
        } else {
            copy.put(name.toLowerCase(Locale.ROOT), List.of(value));
        }
        return new TestRequest(method, rawPath, rawQuery, copy, body);
    }
}
