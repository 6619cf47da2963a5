package io.hearth.kernel.plugin;

import io.hearth.kernel.config.ServerSettings;
import io.hearth.spi.PluginContext;
import io.hearth.kernel.identity.AccessControl;
import io.hearth.kernel.identity.IdentityStore;
import io.hearth.spi.auth.Authenticator;
import io.hearth.spi.auth.Authorizer;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.ingest.IngestCodec;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.storage.StorageEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The plugins of this server, loaded once when the application starts, and the extension
 * instances the configuration asks for.
 */
@ApplicationScoped
public class PluginRegistry {

    private static final Logger LOG = Logger.getLogger(PluginRegistry.class.getName());

    private Plugins plugins;
    private List<Plugins.Bound<Authenticator>> authenticators;
    private Plugins.Bound<Authorizer> authorizer;
    private Plugins.Bound<StorageEngine> storageEngine;
    private Plugins.Bound<io.hearth.spi.chunk.ChunkBackend> chunkBackend;
    private List<Plugins.Bound<IngestCodec>> ingestCodecs;
    private Plugins.Bound<QueryEngine> queryEngine;

    /** For CDI proxies only. */
    protected PluginRegistry() {
    }

    @Inject
    PluginRegistry(ServerSettings settings, IdentityStore identities, AccessControl accessControl) {
        Path directory = pluginsDirectory(settings);
        LOG.info(() -> "plugins: scanning class path and " + directory);
        this.plugins = PluginLoader.load(directory, PluginRegistry.class.getClassLoader());
        String engineName = settings.config().getValue("hearth.storage.engine", String.class);
        String backendName = settings.config().getOptionalValue("hearth.storage.chunk-backend", String.class)
                .orElse("local");
        this.chunkBackend = plugins.createChunkBackend(backendName,
                context(settings, "hearth.storage.chunk-backend." + backendName + ".", identities));
        this.storageEngine = plugins.createStorageEngine(engineName,
                context(settings, "hearth.storage." + engineName + ".", identities), chunkBackend.instance());
        LOG.info(() -> "storage engine " + engineName + " keeps block chunks in chunk backend " + backendName);
        String queryEngineName = settings.config().getValue("hearth.query.engine", String.class);
        this.queryEngine = plugins.createQueryEngine(queryEngineName,
                context(settings, "hearth.query." + queryEngineName + ".", identities));
        this.ingestCodecs = plugins.createIngestCodecs(name -> context(settings, "hearth.ingest." + name + ".", identities));
        LOG.info(() -> "storage engine " + engineName + "; ingest codecs " + ingestCodecs.stream().map(Plugins.Bound::name).toList());
        String authorizerName = settings.config().getValue("hearth.auth.authorizer", String.class);
        this.authorizer = plugins.createAuthorizer(authorizerName,
                context(settings, "hearth.auth." + authorizerName + ".", identities));
        if (accessControl.disabled()) {
            this.authenticators = List.of();
            return;
        }
        List<String> names = Arrays.stream(settings.config()
                        .getOptionalValue("hearth.auth.authenticators", String.class).orElse("").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new PluginStartupException("hearth.auth.authenticators is empty: name at least one authenticator"
                    + " (sigv4), or switch access control off explicitly with hearth.auth.disabled=true");
        }
        this.authenticators = plugins.createAuthenticators(names,
                name -> context(settings, "hearth.auth." + name + ".", identities));
        LOG.info(() -> "access control: authenticators " + names + ", authorizer " + authorizerName);
    }

    /** @return every loaded extension */
    public Plugins plugins() {
        return plugins;
    }

    /** @return the configured authenticators, in order; none when access control is disabled */
    public List<Plugins.Bound<Authenticator>> authenticators() {
        return authenticators;
    }

    /** @return the configured storage engine */
    public Plugins.Bound<StorageEngine> storageEngine() {
        return storageEngine;
    }

    /** @return the configured chunk backend (closed after the storage engine) */
    public Plugins.Bound<io.hearth.spi.chunk.ChunkBackend> chunkBackend() {
        return chunkBackend;
    }

    /** @return the configured query engine */
    public Plugins.Bound<QueryEngine> queryEngine() {
        return queryEngine;
    }

    /** @return every ingest codec, in the order they are asked whether they accept a request */
    public List<Plugins.Bound<IngestCodec>> ingestCodecs() {
        return ingestCodecs;
    }

    /** @return the configured authorizer; it also validates policies when access control is disabled */
    public Plugins.Bound<Authorizer> authorizer() {
        return authorizer;
    }

    private static Path pluginsDirectory(ServerSettings settings) {
        Path configured = Path.of(settings.config().getValue("hearth.plugins-dir", String.class));
        if (configured.isAbsolute()) {
            return configured;
        }
        return settings.config().getOptionalValue("hearth.home", String.class)
                .map(home -> Path.of(home).resolve(configured))
                .orElse(configured.toAbsolutePath());
    }

    private static PluginContext context(ServerSettings settings, String prefix, IdentityDirectory identities) {
        Map<String, String> properties = new HashMap<>();
        for (String name : settings.config().getPropertyNames()) {
            if (name.startsWith(prefix)) {
                settings.config().getOptionalValue(name, String.class)
                        .ifPresent(value -> properties.put(name.substring(prefix.length()), value));
            }
        }
        return new PluginContext(settings.dataDirectory(), settings.region(), settings.accountId(), properties, identities);
    }
}
