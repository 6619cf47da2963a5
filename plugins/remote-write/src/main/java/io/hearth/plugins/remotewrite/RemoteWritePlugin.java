package io.hearth.plugins.remotewrite;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.ingest.IngestCodec;
import io.hearth.spi.ingest.IngestCodecFactory;
import java.util.List;

/** Offers the remote write 1.0 and 2.0 codecs. */
public final class RemoteWritePlugin implements HearthPlugin {

    @Override
    public List<IngestCodecFactory> ingestCodecFactories() {
        return List.of(factory("remote-write-2.0", context -> new RemoteWriteV2Codec(maxBytes(context))),
                factory("remote-write-1.0", context -> new RemoteWriteV1Codec(maxBytes(context))));
    }

    /** The largest decompressed body accepted; a decompression bomb is refused before it is inflated. */
    private static int maxBytes(PluginContext context) {
        return context.property("max-decompressed-bytes").map(Integer::parseInt).orElse(64 << 20);
    }

    private static IngestCodecFactory factory(String name, java.util.function.Function<PluginContext, IngestCodec> create) {
        return new IngestCodecFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public IngestCodec create(PluginContext context) {
                return create.apply(context);
            }
        };
    }
}
