package io.hearth.kernel.plugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The class loader of one external plugin: its own JARs first, the JDK's platform classes below
 * them, and from the kernel only the {@code io.hearth.spi} contracts. A plugin's libraries can
 * therefore differ in version from the kernel's without either seeing the other's.
 */
final class PluginClassLoader extends URLClassLoader {

    private static final String SPI_PACKAGE_PREFIX = "io.hearth.spi.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader spiLoader;
    private final String pluginName;

    PluginClassLoader(String pluginName, List<Path> jars, ClassLoader spiLoader) {
        super("plugin-" + pluginName, toUrls(jars), ClassLoader.getPlatformClassLoader());
        this.pluginName = pluginName;
        this.spiLoader = spiLoader;
    }

    String pluginName() {
        return pluginName;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SPI_PACKAGE_PREFIX)) {
            return spiLoader.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    private static URL[] toUrls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException("not a usable plugin path: " + jars.get(i), e);
            }
        }
        return urls;
    }
}
