package io.hearth.spi.ingest;

import io.hearth.spi.PluginContext;

/**
 * Builds an {@link IngestCodec}. The kernel creates one instance per loaded factory at start-up.
 */
public interface IngestCodecFactory {

    /** @return a unique name, e.g. {@code remote-write-1.0} */
    String name();

    /**
     * @param context the server's settings and the properties under {@code hearth.ingest.<name>.}
     * @return a thread-safe codec
     */
    IngestCodec create(PluginContext context);
}
