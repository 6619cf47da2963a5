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
     * @return the decompressed bytes
     * @throws MalformedPayloadException when the body is not snappy, or inflates beyond the limit
     */
    static byte[] decompress(byte[] compressed, int maxBytes) throws MalformedPayloadException {
        if (compressed.length == 0) {
            throw MalformedPayloadException.malformed("empty request body", null);
        }
        try {
            if (!Snappy.isValidCompressedBuffer(compressed)) {
                throw MalformedPayloadException.malformed("body is not snappy block-compressed", null);
            }
            int length = Snappy.uncompressedLength(compressed);
            if (length < 0 || length > maxBytes) {
                throw MalformedPayloadException.malformed("decompressed body of " + length + " bytes exceeds the limit of "
                        + maxBytes + " bytes", null);
            }
            return Snappy.uncompress(compressed);
        } catch (IOException e) {
            throw MalformedPayloadException.malformed("body is not snappy block-compressed: " + e.getMessage(), e);
        }
    }
}
