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
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.RuleEvaluator;
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
    private Plugins.Bound<RuleEvaluator> ruleEvaluator;
    private List<Plugins.Bound<Notifier>> notifiers;

    /** The rule evaluator used when {@code hearth.rules.evaluator} is not set. */
    static final String DEFAULT_RULE_EVALUATOR = "prometheus";
    /** The notifiers used when {@code hearth.notifiers} is not set. */
    static final List<String> DEFAULT_NOTIFIERS = List.of("alertmanager", "webhook");

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
        this.ruleEvaluator = createRuleEvaluator(settings, identities);
        this.notifiers = createNotifiers(settings, identities);
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

    /** @return the rule evaluator, or null when rule evaluation is off */
    public Plugins.Bound<RuleEvaluator> ruleEvaluator() {
        return ruleEvaluator;
    }

    /** @return the notifiers every alert goes to, in the configured order */
    public List<Plugins.Bound<Notifier>> notifiers() {
        return notifiers;
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

    /**
     * {@code hearth.rules.evaluator} names the evaluator; {@code none} switches rule evaluation
     * off. A name given explicitly must exist. Left unset, the default is used when a plugin
     * offers it, and its absence is only a warning, so that a server built without the rules
     * plugin still starts.
     */
    private Plugins.Bound<RuleEvaluator> createRuleEvaluator(ServerSettings settings, IdentityDirectory identities) {
        java.util.Optional<String> configured = settings.config().getOptionalValue("hearth.rules.evaluator", String.class)
                .map(String::strip);
        String name = configured.orElse(DEFAULT_RULE_EVALUATOR);
        if (name.equals("none")) {
            LOG.info("rule evaluation is off (hearth.rules.evaluator=none)");
            return null;
        }
        if (configured.isEmpty() && !plugins.ruleEvaluators().containsKey(name)) {
            LOG.warning(() -> "no plugin offers the rule evaluator '" + name + "': rules are stored but not evaluated");
            return null;
        }
        Plugins.Bound<RuleEvaluator> evaluator = plugins.createRuleEvaluator(name,
                context(settings, "hearth.rules." + name + ".", identities));
        LOG.info(() -> "rule evaluator " + name);
        return evaluator;
    }

    /**
     * {@code hearth.notifiers} lists the notifiers, comma-separated; {@code none} means none. Named
     * explicitly, each must exist; left unset, the default ones that are loaded are used.
     */
    private List<Plugins.Bound<Notifier>> createNotifiers(ServerSettings settings, IdentityDirectory identities) {
        java.util.Optional<String> configured = settings.config().getOptionalValue("hearth.notifiers", String.class);
        List<String> names = configured
                .map(text -> Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty() && !s.equals("none")).toList())
                .orElseGet(() -> DEFAULT_NOTIFIERS.stream().filter(n -> {
                    boolean loaded = plugins.notifiers().containsKey(n);
                    if (!loaded) {
                        LOG.warning(() -> "no plugin offers the notifier '" + n + "': alerts are not sent through it");
                    }
                    return loaded;
                }).toList());
        List<Plugins.Bound<Notifier>> created = plugins.createNotifiers(names, name -> context(settings, "hearth." + name + ".", identities));
        LOG.info(() -> "notifiers " + names);
        return created;
    }

    /**
     * The properties under a prefix. Environment variables are listed by their own names
     * ({@code HEARTH_ALERTMANAGER_URLS}), so those under the prefix's environment form are added
     * under the property names they answer, with dashes and with dots for the underscores
     * ({@code queue-capacity} and {@code queue.capacity}); each value is read back through the
     * configuration, so a flag still wins over the environment.
     */
    static PluginContext context(ServerSettings settings, String prefix, IdentityDirectory identities) {
        Map<String, String> properties = new HashMap<>();
        String environmentPrefix = environmentName(prefix);
        for (String name : settings.config().getPropertyNames()) {
            if (name.startsWith(prefix)) {
                settings.config().getOptionalValue(name, String.class)
                        .ifPresent(value -> properties.put(name.substring(prefix.length()), value));
            } else if (name.startsWith(environmentPrefix) && name.length() > environmentPrefix.length()
                    && name.equals(name.toUpperCase(java.util.Locale.ROOT))) {
                String rest = name.substring(environmentPrefix.length()).toLowerCase(java.util.Locale.ROOT);
                for (String key : new java.util.LinkedHashSet<>(List.of(rest.replace('_', '-'), rest.replace('_', '.')))) {
                    if (!properties.containsKey(key)) {
                        settings.config().getOptionalValue(prefix + key, String.class).ifPresent(value -> properties.put(key, value));
                    }
                }
            }
        }
        return new PluginContext(settings.dataDirectory(), settings.region(), settings.accountId(), properties, identities);
    }

    /** @return the environment variable form of a property name, as MicroProfile Config maps it */
    static String environmentName(String property) {
        StringBuilder name = new StringBuilder(property.length());
        for (int i = 0; i < property.length(); i++) {
            char c = property.charAt(i);
            name.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }
}
