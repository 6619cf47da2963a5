package io.hearth.plugins.rules;

import io.hearth.spi.query.QueryOptions;

/**
 * The evaluator's settings, with Prometheus's defaults.
 *
 * @param defaultIntervalMillis the interval of groups that set none (1 m, as AMP and Prometheus)
 * @param resendDelayMillis the least time between two notifications of a firing alert (1 m)
 * @param outageToleranceMillis how far back a restart looks for {@code ALERTS_FOR_STATE} (1 h)
 * @param forGracePeriodMillis the least time an alert restored as pending waits before firing, and
 *     the shortest {@code for} whose state is restored at all (10 m)
 * @param queryOptions lookback, sample limit and timeout of rule queries
 */
record EvaluatorSettings(long defaultIntervalMillis, long resendDelayMillis, long outageToleranceMillis,
        long forGracePeriodMillis, QueryOptions queryOptions) {

    /** Prometheus's defaults: 1 m interval and resend delay, 1 h outage tolerance, 10 m grace, 5 m lookback, 2 m timeout. */
    static final EvaluatorSettings DEFAULTS = new EvaluatorSettings(60_000, 60_000, 3_600_000, 600_000,
            new QueryOptions(300_000, 50_000_000, 120_000));

    EvaluatorSettings {
        if (defaultIntervalMillis <= 0 || resendDelayMillis < 0 || outageToleranceMillis < 0 || forGracePeriodMillis < 0
                || queryOptions == null) {
            throw new IllegalArgumentException("invalid rule evaluator settings");
        }
    }
}
