package io.hearth.kernel.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Builds the server's MicroProfile configuration from its four sources, highest ordinal first:
 * flags (500), system properties (400), environment variables (300, with MicroProfile's mapping so
 * that {@code HEARTH_DATA_DIR} answers {@code hearth.data-dir}), the properties file (150), and the
 * embedded defaults in {@code META-INF/microprofile-config.properties} (100).
 */
public final class HearthConfig {

    static final int FLAG_ORDINAL = 500;
    static final int FILE_ORDINAL = 150;

    private HearthConfig() {
    }

    /**
     * Builds and registers the configuration for this class loader.
     *
     * @param flags properties from the command line
     * @return the configuration
     * @throws IllegalArgumentException when a properties file was named explicitly but is missing
     */
    public static Config build(Map<String, String> flags) {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        Config withoutFile = resolver.getBuilder()
                .addDefaultSources()
                .withSources(new MapConfigSource("hearth-flags", flags, FLAG_ORDINAL))
                .build();
        Path file = propertiesFile(withoutFile);
        ConfigSource fileSource = new MapConfigSource("hearth-properties:" + file, readProperties(file), FILE_ORDINAL);
        Config config = resolver.getBuilder()
                .addDefaultSources()
                .withSources(new MapConfigSource("hearth-flags", flags, FLAG_ORDINAL), fileSource)
                .build();
        resolver.registerConfig(config, Thread.currentThread().getContextClassLoader());
        return config;
    }

    private static Path propertiesFile(Config config) {
        return config.getOptionalValue("hearth.config", String.class)
                .map(Path::of)
                .orElseGet(() -> config.getOptionalValue("hearth.home", String.class)
                        .map(home -> Path.of(home, "conf", "hearth.properties"))
                        .orElse(Path.of("conf", "hearth.properties")));
    }

    private static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        Map<String, String> values = new java.util.HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).trim()));
        return values;
    }
}
