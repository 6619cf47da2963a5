package io.hearth.promql.engine;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryEngineFactory;
import java.util.List;

/** Offers the {@code promql} query engine. Found through {@link java.util.ServiceLoader}. */
public final class PromqlPlugin implements HearthPlugin {

    @Override
    public List<QueryEngineFactory> queryEngineFactories() {
        return List.of(new QueryEngineFactory() {
            @Override
            public String name() {
                return PromqlEngine.NAME;
            }

            @Override
            public QueryEngine create(PluginContext context) {
                return new PromqlEngine();
            }
        });
    }
}
