package io.hearth.kernel.plugin;

import io.hearth.kernel.config.ServerSettings;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.Authenticator;
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

    /** For CDI proxies only. */
    protected PluginRegistry() {
    }

    @Inject
    PluginRegistry(ServerSettings settings) {
        Path directory = pluginsDirectory(settings);
        LOG.info(() -> "plugins: scanning class path and " + directory);
        this.plugins = PluginLoader.load(directory, PluginRegistry.class.getClassLoader());
        List<String> names = Arrays.stream(settings.config()
                        .getOptionalValue("hearth.auth.authenticators", String.class).orElse("").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.authenticators = plugins.createAuthenticators(names, name -> context(settings, "hearth.auth." + name + "."));
        if (authenticators.isEmpty()) {
            LOG.warning("no authenticator is configured (hearth.auth.authenticators): every request is accepted anonymously");
        } else {
            LOG.info(() -> "authenticators in use: " + names);
        }
    }

    /** @return every loaded extension */
    public Plugins plugins() {
        return plugins;
    }

    /** @return the configured authenticators, in order */
    public List<Plugins.Bound<Authenticator>> authenticators() {
        return authenticators;
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

    private static PluginContext context(ServerSettings settings, String prefix) {
        Map<String, String> properties = new HashMap<>();
        for (String name : settings.config().getPropertyNames()) {
            if (name.startsWith(prefix)) {
                settings.config().getOptionalValue(name, String.class)
                        .ifPresent(value -> properties.put(name.substring(prefix.length()), value));
            }
        }
        return new PluginContext(settings.dataDirectory(), settings.region(), settings.accountId(), properties);
    }
}
