package io.hearth.spi.query;

import io.hearth.spi.PluginContext;

/** Builds the {@link QueryEngine} named by {@code hearth.query.engine}, once, at start-up. */
public interface QueryEngineFactory {

    /** @return the name used in {@code hearth.query.engine}; unique across plugins */
    String name();

    /**
     * @param context the server's settings and the properties under {@code hearth.query.<name>.}
     * @return a thread-safe engine
     */
    QueryEngine create(PluginContext context);
}
