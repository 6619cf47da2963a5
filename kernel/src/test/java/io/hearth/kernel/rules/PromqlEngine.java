package io.hearth.kernel.rules;

import io.hearth.kernel.plugin.Plugins;
import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.IdentityDirectory;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryEngineFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/** The real {@code promql} query engine plugin, found as the server finds it, for tests of rule files. */
final class PromqlEngine {

    private PromqlEngine() {
    }

    static Plugins.Bound<QueryEngine> bound() {
        for (HearthPlugin plugin : ServiceLoader.load(HearthPlugin.class)) {
            for (QueryEngineFactory factory : plugin.queryEngineFactories()) {
                if (factory.name().equals("promql")) {
                    QueryEngine engine = factory.create(new PluginContext(Path.of("target"), "us-east-1", "000000000000",
                            Map.of(), IdentityDirectory.EMPTY));
                    return new Plugins.Bound<>("promql", engine, PromqlEngine.class.getClassLoader());
                }
            }
        }
        throw new IllegalStateException("the promql plugin is not on the test class path");
    }
}
