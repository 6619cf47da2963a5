package io.hearth.spi;

import io.hearth.spi.auth.AuthenticatorFactory;
import java.util.List;

/**
 * The entry point of a Hearth plugin, found through {@link java.util.ServiceLoader} in
 * {@code META-INF/services/io.hearth.spi.HearthPlugin}.
 *
 * <p>A plugin overrides only the methods for the extension points it offers; every method has a
 * default that offers nothing, so a new extension point never breaks an existing plugin.
 *
 * <p>The kernel calls each method once, at start-up, on the main thread, with the plugin's own
 * class loader as the thread's context class loader. A method may throw an unchecked exception,
 * which stops the start-up with a message naming the plugin.
 */
public interface HearthPlugin {

    /**
     * Request authenticators offered by this plugin.
     *
     * @return the factories, each with a name unique across all loaded plugins
     */
    default List<AuthenticatorFactory> authenticatorFactories() {
        return List.of();
    }

    /**
     * Authorizers (policy evaluators) offered by this plugin.
     *
     * @return the factories, each with a name unique across all loaded plugins
     */
    default List<io.hearth.spi.auth.AuthorizerFactory> authorizerFactories() {
        return List.of();
    }

    /**
     * Wire-format decoders for the write endpoints (remote write, OTLP) offered by this plugin.
     *
     * @return the factories, each with a name unique across all loaded plugins
     */
    default List<io.hearth.spi.ingest.IngestCodecFactory> ingestCodecFactories() {
        return List.of();
    }

    /**
     * Storage engines offered by this plugin.
     *
     * @return the factories, each with a name unique across all loaded plugins
     */
    default List<io.hearth.spi.storage.StorageEngineFactory> storageEngineFactories() {
        return List.of();
    }

    /**
     * Chunk backends (where storage engines keep the chunk bytes of their blocks) offered by this
     * plugin.
     *
     * @return the factories, each with a name unique across all loaded plugins
     */
    default List<io.hearth.spi.chunk.ChunkBackendFactory> chunkBackendFactories() {
        return List.of();
    }

    /**
     * Query engines offered by this plugin.
     *
     * @return the factories, each with a name unique across all loaded plugins
     */
    default List<io.hearth.spi.query.QueryEngineFactory> queryEngineFactories() {
        return List.of();
    }

    /**
     * Rule evaluators offered by this plugin.
     *
     * @return the factories, each with a name unique across all loaded plugins
     */
    default List<io.hearth.spi.rules.RuleEvaluatorFactory> ruleEvaluatorFactories() {
        return List.of();
    }

    /**
     * Alert notifiers (Alertmanager, webhook, ...) offered by this plugin.
     *
     * @return the factories, each with a name unique across all loaded plugins
     */
    default List<io.hearth.spi.rules.NotifierFactory> notifierFactories() {
        return List.of();
    }
}
