package io.hearth.plugins.otlp;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.ingest.IngestCodec;
import io.hearth.spi.ingest.IngestCodecFactory;
import java.util.List;

/** Offers the OTLP/HTTP metrics codecs, one per body format: {@code otlp-protobuf} and {@code otlp-json}. */
public final class OtlpPlugin implements HearthPlugin {

    /** The default limit on a decompressed body: 64 MiB. */
    static final int DEFAULT_MAX_BYTES = 64 << 20;

    @Override
    public List<IngestCodecFactory> ingestCodecFactories() {
        return List.of(new Factory("otlp-protobuf", OtlpCodec.Format.PROTOBUF),
                new Factory("otlp-json", OtlpCodec.Format.JSON));
    }

    private record Factory(String name, OtlpCodec.Format format) implements IngestCodecFactory {

        @Override
        public IngestCodec create(PluginContext context) {
            return new OtlpCodec(format, maxBytes(context));
        }
    }

    /** Property {@code max-decompressed-bytes}: a gzip bomb is refused once it inflates past it. */
    private static int maxBytes(PluginContext context) {
        String value = context.property("max-decompressed-bytes").orElse(null);
        if (value == null) {
            return DEFAULT_MAX_BYTES;
        }
        try {
            int bytes = Integer.parseInt(value.strip());
            if (bytes <= 0) {
                throw new NumberFormatException("not positive");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max-decompressed-bytes must be a positive number of bytes, not '"
                    + value + "'", e);
        }
    }
}
