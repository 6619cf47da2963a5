package io.hearth.plugins.remotewrite;

import io.hearth.spi.ingest.MalformedPayloadException;
import java.io.IOException;
import org.xerial.snappy.Snappy;

/** Remote write bodies: snappy block format (not the framed stream format). */
final class SnappyBlock {

    private SnappyBlock() {
    }

    /**
     * @param compressed the body
     * @param maxBytes the largest decompressed size accepted
     * @param buffers where the decompressed bytes go; the returned body hands its array back
     * @return the decompressed body
     * @throws MalformedPayloadException when the body is not snappy, or inflates beyond the limit
     */
    static Body decompress(byte[] compressed, int maxBytes, BodyBuffers buffers) throws MalformedPayloadException {
        if (compressed.length == 0) {
            throw MalformedPayloadException.malformed("empty request body", null);
        }
        try {
            int length = Snappy.uncompressedLength(compressed);
            if (length < 0 || length > maxBytes) {
                throw MalformedPayloadException.malformed("decompressed body of " + length + " bytes exceeds the limit of "
                        + maxBytes + " bytes", null);
            }
            // One pass: snappy's decompressor checks every copy and literal against both buffers and
            // fails on corrupt input, so a separate validation pass would only read the body twice.
            byte[] out = buffers.take(length);
            boolean decoded = false;
            try {
                if (Snappy.uncompress(compressed, 0, compressed.length, out, 0) != length) {
                    throw MalformedPayloadException.malformed("body is not snappy block-compressed: its length header is wrong",
                            null);
                }
                decoded = true;
                return new Body(out, length, buffers);
            } finally {
                if (!decoded) {
                    buffers.give(out);
                }
            }
        } catch (IOException e) {
            throw MalformedPayloadException.malformed("body is not snappy block-compressed: " + e.getMessage(), e);
        }
    }
}
