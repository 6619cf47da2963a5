package io.hearth.kernel.http;

import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import io.helidon.http.encoding.spi.ContentEncodingProvider;
import java.util.Set;

/**
 * Lets request bodies in the write formats' encodings (snappy for remote write, gzip and the
 * like for OTLP) through the web server untouched. Without it the server refuses them with 400
 * before any resource sees them; the ingest codecs decompress them instead, with their own size
 * limits. Registered in {@code META-INF/services}.
 */
public final class PassThroughContentEncodingProvider implements ContentEncodingProvider {

    private static final Set<String> IDS = Set.of("snappy", "gzip", "x-gzip", "deflate", "zstd", "br");

    @Override
    public String configKey() {
        return "hearth-pass-through";
    }

    @Override
    public ContentEncoding create(io.helidon.config.Config config, String name) {
        return new PassThrough();
    }

    @Override
    public ContentEncoding create(io.helidon.common.config.Config config, String name) {
        return new PassThrough();
    }

    private static final class PassThrough implements ContentEncoding {

        @Override
        public Set<String> ids() {
            return IDS;
        }

        @Override
        public boolean supportsEncoding() {
            return false;
        }

        @Override
        public boolean supportsDecoding() {
            return true;
        }

        @Override
        public ContentDecoder decoder() {
            return ContentDecoder.NO_OP;
        }

        @Override
        public ContentEncoder encoder() {
            return ContentEncoder.NO_OP;
        }

        @Override
        public String name() {
            return "hearth-pass-through";
        }

        @Override
        public String type() {
            return "hearth-pass-through";
        }
    }
}
