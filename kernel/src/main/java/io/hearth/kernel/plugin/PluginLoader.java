package io.hearth.kernel.plugin;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.auth.AuthenticatorFactory;
import io.hearth.spi.auth.AuthorizerFactory;
import io.hearth.spi.ingest.IngestCodecFactory;
import io.hearth.spi.query.QueryEngineFactory;
import io.hearth.spi.rules.NotifierFactory;
import io.hearth.spi.rules.RuleEvaluatorFactory;
import io.hearth.spi.storage.StorageEngineFactory;
import io.hearth.spi.chunk.ChunkBackendFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Finds every {@link HearthPlugin}: those on the kernel's class path, and those under the plugins
 * directory, where each sub-directory (or single JAR) is one plugin with its own
 * {@link PluginClassLoader}. Collects the factories of each extension point by name and refuses
 * duplicates.
 */
public final class PluginLoader {

    private static final Logger LOG = Logger.getLogger(PluginLoader.class.getName());

    private PluginLoader() {
    }

    /**
     * Loads all plugins.
     *
     * @param pluginsDirectory the directory of external plugins; need not exist
     * @param kernelLoader the loader that sees the kernel, its built-in plugins and {@code spi}
     * @return every extension found
     * @throws PluginStartupException when two providers of one extension point share a name, or a
     *     plugin fails to load
     */
    public static Plugins load(Path pluginsDirectory, ClassLoader kernelLoader) {
        List<Found> found = new ArrayList<>();
        for (HearthPlugin plugin : ServiceLoader.load(HearthPlugin.class, kernelLoader)) {
            found.add(new Found(plugin, kernelLoader, "classpath"));
        }
        for (Path pluginHome : pluginHomes(pluginsDirectory)) {
            String name = pluginName(pluginHome);
            List<Path> jars = jarsOf(pluginHome);
            if (jars.isEmpty()) {
                LOG.warning(() -> "plugin directory " + pluginHome + " holds no JAR; skipped");
                continue;
            }
            PluginClassLoader loader = new PluginClassLoader(name, jars, HearthPlugin.class.getClassLoader());
            int before = found.size();
            try {
                for (HearthPlugin plugin : ServiceLoader.load(HearthPlugin.class, loader)) {
                    if (plugin.getClass().getClassLoader() == loader) {
                        found.add(new Found(plugin, loader, pluginHome.toString()));
                    }
                }
            } catch (java.util.ServiceConfigurationError e) {
                throw new PluginStartupException("cannot load plugin from " + pluginHome + ": " + e.getMessage(), e);
            }
            if (found.size() == before) {
                LOG.warning(() -> "plugin directory " + pluginHome
                        + " declares no io.hearth.spi.HearthPlugin in META-INF/services; skipped");
            }
        }
        Map<String, LoadedExtension<AuthenticatorFactory>> authenticators =
                collect(found, "authenticator", HearthPlugin::authenticatorFactories, AuthenticatorFactory::name);
        Map<String, LoadedExtension<AuthorizerFactory>> authorizers =
                collect(found, "authorizer", HearthPlugin::authorizerFactories, AuthorizerFactory::name);
        Map<String, LoadedExtension<StorageEngineFactory>> storageEngines =
                collect(found, "storage engine", HearthPlugin::storageEngineFactories, StorageEngineFactory::name);
        Map<String, LoadedExtension<IngestCodecFactory>> ingestCodecs =
                collect(found, "ingest codec", HearthPlugin::ingestCodecFactories, IngestCodecFactory::name);
        Map<String, LoadedExtension<QueryEngineFactory>> queryEngines =
                collect(found, "query engine", HearthPlugin::queryEngineFactories, QueryEngineFactory::name);
        Map<String, LoadedExtension<RuleEvaluatorFactory>> ruleEvaluators =
                collect(found, "rule evaluator", HearthPlugin::ruleEvaluatorFactories, RuleEvaluatorFactory::name);
        Map<String, LoadedExtension<NotifierFactory>> notifiers =
                collect(found, "notifier", HearthPlugin::notifierFactories, NotifierFactory::name);
        Map<String, LoadedExtension<ChunkBackendFactory>> chunkBackends =
                collect(found, "chunk backend", HearthPlugin::chunkBackendFactories, ChunkBackendFactory::name);
        return new Plugins(authenticators, authorizers, storageEngines, ingestCodecs, queryEngines, ruleEvaluators,
                notifiers, chunkBackends);
    }

    private static <F> Map<String, LoadedExtension<F>> collect(List<Found> found, String extensionPoint,
            Function<HearthPlugin, List<F>> offered, Function<F, String> nameOf) {
        Map<String, LoadedExtension<F>> byName = new LinkedHashMap<>();
        for (Found plugin : found) {
            List<F> factories = new Plugins.Bound<>(plugin.source(), plugin.plugin(), plugin.loader()).call(offered::apply);
            for (F factory : factories) {
                String name = nameOf.apply(factory);
                LoadedExtension<F> previous = byName.get(name);
                if (previous != null) {
                    throw new PluginStartupException("two plugins offer an " + extensionPoint + " named '" + name
                            + "': " + previous.factory().getClass().getName() + " from " + previous.source()
                            + " and " + factory.getClass().getName() + " from " + plugin.source());
                }
                LoadedExtension<F> loaded = new LoadedExtension<>(extensionPoint, name, factory, plugin.loader(), plugin.source());
                byName.put(name, loaded);
                LOG.info(() -> "loaded plugin: extension point=" + extensionPoint + " name=" + name
                        + " class=" + factory.getClass().getName() + " source=" + plugin.source());
            }
        }
        return Map.copyOf(byName);
    }

    private static List<Path> pluginHomes(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugins directory " + directory, e);
        }
    }

    private static String pluginName(Path home) {
        String file = home.getFileName().toString();
        return file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
    }

    private static List<Path> jarsOf(Path home) {
        if (!Files.isDirectory(home)) {
            return List.of(home);
        }
        try (Stream<Path> entries = Files.list(home)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin directory " + home, e);
        }
    }

    private record Found(HearthPlugin plugin, ClassLoader loader, String source) {
    }
}
