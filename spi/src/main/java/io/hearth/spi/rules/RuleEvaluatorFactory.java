package io.hearth.spi.rules;

import io.hearth.spi.PluginContext;

/** Builds the {@link RuleEvaluator} named by {@code hearth.rules.evaluator}, once, at start-up. */
public interface RuleEvaluatorFactory {

    /** @return the name used in {@code hearth.rules.evaluator}; unique across plugins */
    String name();

    /**
     * @param context the server's settings and the properties under {@code hearth.rules.<name>.}
     * @return a thread-safe evaluator
     */
    RuleEvaluator create(PluginContext context);
}
