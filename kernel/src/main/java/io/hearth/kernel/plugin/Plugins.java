package io.hearth.kernel.plugin;

import io.hearth.spi.PluginContext;
import io.hearth.spi.chunk.ChunkBackend;
import io.hearth.spi.chunk.ChunkBackendFactory;
import io.hearth.spi.auth.Authenticator;
import io.hearth.spi.auth.AuthenticatorFactory;
import io.hearth.spi.auth.Authorizer;
import io.hearth.spi.auth.AuthorizerFactory;
import io.hearth.spi.ingest.IngestCodec;
import io.hearth.spi.ingest.IngestCodecFactory;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryEngineFactory;
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.NotifierFactory;
import io.hearth.spi.rules.RuleEvaluator;
import io.hearth.spi.rules.RuleEvaluatorFactory;
import io.hearth.spi.storage.StorageEngine;
import io.hearth.spi.storage.StorageEngineFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every extension found at start-up, by extension point and name.
 *
 * @param authenticators authenticator factories by name
 * @param authorizers authorizer factories by name
 * @param storageEngines storage engine factories by name
 * @param ingestCodecs ingest codec factories by name
 * @param queryEngines query engine factories by name
 * @param ruleEvaluators rule evaluator factories by name
 * @param notifiers notifier factories by name
 * @param chunkBackends chunk backend factories by name
 */
public record Plugins(Map<String, LoadedExtension<AuthenticatorFactory>> authenticators,
        Map<String, LoadedExtension<AuthorizerFactory>> authorizers,
        Map<String, LoadedExtension<StorageEngineFactory>> storageEngines,
        Map<String, LoadedExtension<IngestCodecFactory>> ingestCodecs,
        Map<String, LoadedExtension<QueryEngineFactory>> queryEngines,
        Map<String, LoadedExtension<RuleEvaluatorFactory>> ruleEvaluators,
        Map<String, LoadedExtension<NotifierFactory>> notifiers,
        Map<String, LoadedExtension<ChunkBackendFactory>> chunkBackends) {

    public Plugins {
        authenticators = Map.copyOf(authenticators);
        authorizers = Map.copyOf(authorizers);
        storageEngines = Map.copyOf(storageEngines);
        ingestCodecs = Map.copyOf(ingestCodecs);
        queryEngines = Map.copyOf(queryEngines);
        ruleEvaluators = Map.copyOf(ruleEvaluators);
        notifiers = Map.copyOf(notifiers);
        chunkBackends = Map.copyOf(chunkBackends);
    }

    /** @return every loaded extension, for listing */
    public List<LoadedExtension<?>> all() {
        List<LoadedExtension<?>> all = new ArrayList<>(authenticators.values());
        all.addAll(authorizers.values());
        all.addAll(storageEngines.values());
        all.addAll(ingestCodecs.values());
        all.addAll(queryEngines.values());
        all.addAll(ruleEvaluators.values());
        all.addAll(notifiers.values());
        all.addAll(chunkBackends.values());
        all.sort(java.util.Comparator.comparing((LoadedExtension<?> e) -> e.extensionPoint()).thenComparing(LoadedExtension::name));
        return all;
    }

    /**
     * Builds the configured authenticators, in the order named.
     *
     * @param names the names from {@code hearth.auth.authenticators}
     * @param contextFor the context to hand each factory, by name
     * @return the authenticators, each paired with its class loader
     * @throws PluginStartupException when a name has no plugin
     */
    public List<Bound<Authenticator>> createAuthenticators(List<String> names,
            java.util.function.Function<String, PluginContext> contextFor) {
        List<Bound<Authenticator>> created = new ArrayList<>();
        for (String name : names) {
            LoadedExtension<AuthenticatorFactory> extension = authenticators.get(name);
            if (extension == null) {
                throw new PluginStartupException("hearth.auth.authenticators names '" + name
                        + "', but no loaded plugin offers an authenticator of that name (loaded: "
                        + new TreeSet<>(authenticators.keySet()) + ")");
            }
            Authenticator authenticator = new Bound<>(name, extension.factory(), extension.loader())
                    .call(factory -> factory.create(contextFor.apply(name)));
            created.add(new Bound<>(name, authenticator, extension.loader()));
        }
        return List.copyOf(created);
    }

    /**
     * Builds the configured authorizer.
     *
     * @param name the name from {@code hearth.auth.authorizer}
     * @param context the context to hand the factory
     * @return the authorizer with its class loader
     * @throws PluginStartupException when no plugin offers it
     */
    public Bound<Authorizer> createAuthorizer(String name, PluginContext context) {
        LoadedExtension<AuthorizerFactory> extension = authorizers.get(name);
        if (extension == null) {
            throw new PluginStartupException("hearth.auth.authorizer names '" + name
                    + "', but no loaded plugin offers an authorizer of that name (loaded: "
                    + new TreeSet<>(authorizers.keySet()) + ")");
        }
        Authorizer authorizer = new Bound<>(name, extension.factory(), extension.loader()).call(factory -> factory.create(context));
        return new Bound<>(name, authorizer, extension.loader());
    }

    /**
     * Builds the configured storage engine.
     *
     * @param name the name from {@code hearth.storage.engine}
     * @param context the context to hand the factory
     * @return the engine with its class loader
     * @throws PluginStartupException when no plugin offers it
     */
    public Bound<StorageEngine> createStorageEngine(String name, PluginContext context, ChunkBackend chunks) {
        LoadedExtension<StorageEngineFactory> extension = storageEngines.get(name);
        if (extension == null) {
            throw new PluginStartupException("hearth.storage.engine names '" + name
                    + "', but no loaded plugin offers a storage engine of that name (loaded: "
                    + new TreeSet<>(storageEngines.keySet()) + ")");
        }
        StorageEngine engine = new Bound<>(name, extension.factory(), extension.loader())
                .call(f -> f.create(context, chunks));
        return new Bound<>(name, engine, extension.loader());
    }

    /**
     * Builds the configured chunk backend, which the storage engine receives.
     *
     * @param name the name from {@code hearth.storage.chunk-backend}
     * @param context the context to hand the factory
     * @return the backend with its class loader
     * @throws PluginStartupException when no plugin offers it
     */
    public Bound<ChunkBackend> createChunkBackend(String name, PluginContext context) {
        LoadedExtension<ChunkBackendFactory> extension = chunkBackends.get(name);
        if (extension == null) {
            throw new PluginStartupException("hearth.storage.chunk-backend names '" + name
                    + "', but no loaded plugin offers a chunk backend of that name (loaded: "
                    + new TreeSet<>(chunkBackends.keySet()) + ")");
        }
        ChunkBackend backend = new Bound<>(name, extension.factory(), extension.loader()).call(f -> f.create(context));
        return new Bound<>(name, backend, extension.loader());
    }

    /**
     * Builds the configured query engine.
     *
     * @param name the name from {@code hearth.query.engine}
     * @param context the context to hand the factory
     * @return the engine with its class loader
     * @throws PluginStartupException when no plugin offers it
     */
    public Bound<QueryEngine> createQueryEngine(String name, PluginContext context) {
        LoadedExtension<QueryEngineFactory> extension = queryEngines.get(name);
        if (extension == null) {
            throw new PluginStartupException("hearth.query.engine names '" + name
                    + "', but no loaded plugin offers a query engine of that name (loaded: "
                    + new TreeSet<>(queryEngines.keySet()) + ")");
        }
        QueryEngine engine = new Bound<>(name, extension.factory(), extension.loader()).call(f -> f.create(context));
        return new Bound<>(name, engine, extension.loader());
    }

    /**
     * Builds the rule evaluator.
     *
     * @param name the name from {@code hearth.rules.evaluator}
     * @param context the context to hand the factory
     * @return the evaluator with its class loader
     * @throws PluginStartupException when no plugin offers it
     */
    public Bound<RuleEvaluator> createRuleEvaluator(String name, PluginContext context) {
        LoadedExtension<RuleEvaluatorFactory> extension = ruleEvaluators.get(name);
        if (extension == null) {
            throw new PluginStartupException("hearth.rules.evaluator names '" + name
                    + "', but no loaded plugin offers a rule evaluator of that name (loaded: "
                    + new TreeSet<>(ruleEvaluators.keySet()) + "); hearth.rules.evaluator=none runs without rule evaluation");
        }
        RuleEvaluator evaluator = new Bound<>(name, extension.factory(), extension.loader()).call(f -> f.create(context));
        return new Bound<>(name, evaluator, extension.loader());
    }

    /**
     * Builds the configured notifiers, in the order named.
     *
     * @param names the names from {@code hearth.notifiers}
     * @param contextFor the context to hand each factory, by name
     * @return the notifiers with their class loaders
     * @throws PluginStartupException when a name has no plugin
     */
    public List<Bound<Notifier>> createNotifiers(List<String> names,
            java.util.function.Function<String, PluginContext> contextFor) {
        List<Bound<Notifier>> created = new ArrayList<>();
        for (String name : names) {
            LoadedExtension<NotifierFactory> extension = notifiers.get(name);
            if (extension == null) {
                throw new PluginStartupException("hearth.notifiers names '" + name
                        + "', but no loaded plugin offers a notifier of that name (loaded: "
                        + new TreeSet<>(notifiers.keySet()) + ")");
            }
            Notifier notifier = new Bound<>(name, extension.factory(), extension.loader())
                    .call(f -> f.create(contextFor.apply(name)));
            created.add(new Bound<>(name, notifier, extension.loader()));
        }
        return List.copyOf(created);
    }

    /**
     * Builds every loaded ingest codec, ordered by name (so that, for one endpoint, a more
     * specific codec such as {@code remote-write-2.0} is asked before {@code remote-write-1.0}
     * when their names say so).
     *
     * @param contextFor the context to hand each factory, by name
     * @return the codecs with their class loaders
     */
    public List<Bound<IngestCodec>> createIngestCodecs(java.util.function.Function<String, PluginContext> contextFor) {
        List<Bound<IngestCodec>> codecs = new ArrayList<>();
        for (String name : new TreeSet<>(ingestCodecs.keySet()).descendingSet()) {
            LoadedExtension<IngestCodecFactory> extension = ingestCodecs.get(name);
            IngestCodec codec = new Bound<>(name, extension.factory(), extension.loader())
                    .call(f -> f.create(contextFor.apply(name)));
            codecs.add(new Bound<>(name, codec, extension.loader()));
        }
        return List.copyOf(codecs);
    }

    /**
     * A plugin instance with the class loader to make current while calling it.
     *
     * @param name the configured name
     * @param instance the instance
     * @param loader the plugin's class loader
     * @param <T> the extension type
     */
    public record Bound<T>(String name, T instance, ClassLoader loader) {

        /**
         * Calls into the plugin with its class loader as the thread's context class loader, as
         * libraries inside plugins expect.
         */
        public <R, E extends Exception> R call(PluginCall<T, R, E> call) throws E {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                return call.apply(instance);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    /**
     * One call into a plugin instance.
     *
     * @param <T> the extension type
     * @param <R> the result
     * @param <E> the checked exception it may throw
     */
    @FunctionalInterface
    public interface PluginCall<T, R, E extends Exception> {
        R apply(T instance) throws E;
    }
}
