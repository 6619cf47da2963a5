package io.hearth.plugins.rules;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.rules.RuleEvaluatorFactory;
import java.util.List;

/** Offers the {@code prometheus} rule evaluator. Found through {@link java.util.ServiceLoader}. */
public final class PrometheusRulesPlugin implements HearthPlugin {

    @Override
    public List<RuleEvaluatorFactory> ruleEvaluatorFactories() {
        return List.of(new PrometheusRuleEvaluatorFactory());
    }
}
