package io.hearth.plugins.otlp;

import io.hearth.spi.ingest.IngestRequest;
import io.hearth.spi.ingest.MalformedPayloadException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** The body of an OTLP/HTTP request, uncompressed per its Content-Encoding and held to a size limit. */
final class OtlpBody {

    private OtlpBody() {
    }

    /**
     * @param request the request
     * @param maxBytes the largest body accepted after decompression
     * @return the uncompressed, non-empty body
     * @throws MalformedPayloadException when the body is empty, not valid gzip, or too large;
     *     {@linkplain MalformedPayloadException#unsupported unsupported} for an encoding other than
     *     gzip or identity
     */
    static byte[] read(IngestRequest request, int maxBytes) throws MalformedPayloadException {
        String encoding = request.header("content-encoding").strip().toLowerCase(Locale.ROOT);
        byte[] raw = request.body();
        if (raw.length == 0) {
            throw MalformedPayloadException.malformed("empty request body", null);
        }
        byte[] body = switch (encoding) {
            case "", "identity" -> {
                if (raw.length > maxBytes) {
                    throw MalformedPayloadException.malformed("body of " + raw.length + " bytes exceeds the limit of "
                            + maxBytes + " bytes", null);
                }
                yield raw;
            }
            case "gzip" -> gunzip(raw, maxBytes);
            default -> throw MalformedPayloadException.unsupported("unsupported Content-Encoding '" + encoding
                    + "': OTLP/HTTP bodies are sent as gzip or uncompressed");
        };
        if (body.length == 0) {
            throw MalformedPayloadException.malformed("empty request body after gzip decompression", null);
        }
        return body;
    }

    /** Inflates at most {@code maxBytes}; a body that would inflate further is refused unread. */
    private static byte[] gunzip(byte[] raw, int maxBytes) throws MalformedPayloadException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(raw.length * 4, 256)));
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw MalformedPayloadException.malformed("gzip body inflates beyond the limit of " + maxBytes
                            + " bytes", null);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw MalformedPayloadException.malformed("body is not valid gzip: " + e.getMessage(), e);
        }
    }
}
