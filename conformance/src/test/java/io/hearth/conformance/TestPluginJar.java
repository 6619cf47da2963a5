package io.hearth.conformance;

import io.hearth.spi.HearthPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles the test plugin under {@code src/test/resources/test-plugin} against {@code spi} and
 * its own library version, and lays it out as a plugin directory: its JAR beside the library's.
 */
final class TestPluginJar {

    static final Path LIBS = Path.of(System.getProperty("hearth.test-plugin-libs", "target/test-plugin-libs"));
    static final String LIBRARY_VERSION = System.getProperty("hearth.test-plugin.antlr", "4.11.1");

    private TestPluginJar() {
    }

    /**
     * @param pluginDirectory where to put the plugin, e.g. {@code plugins/test-token}
     * @return the directory
     */
    static Path build(Path pluginDirectory) {
        try {
            Path source = Path.of(TestPluginJar.class.getResource("/test-plugin").toURI());
            Path work = Files.createTempDirectory("test-plugin-build");
            Path library = LIBS.resolve("antlr4-runtime-" + LIBRARY_VERSION + ".jar");
            Path spi = Path.of(HearthPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> sources;
            try (Stream<Path> files = Files.walk(source)) {
                sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            String[] args = Stream.concat(Stream.of("-d", work.toString(), "-cp", spi + java.io.File.pathSeparator + library,
                    "--release", "21"), sources.stream()).toArray(String[]::new);
            int status = compiler.run(null, null, null, args);
            if (status != 0) {
                throw new AssertionError("the test plugin did not compile");
            }
            Files.createDirectories(pluginDirectory);
            Path jar = pluginDirectory.resolve("test-token-plugin.jar");
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
                addTree(jarOut, work, work);
                addTree(jarOut, source.resolve("META-INF"), source);
            }
            Files.copy(library, pluginDirectory.resolve(library.getFileName()));
            return pluginDirectory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addTree(JarOutputStream jar, Path tree, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
    }
}
