package io.hearth.plugins.rules;

import io.hearth.spi.PluginContext;
import io.hearth.spi.query.QueryOptions;
import io.hearth.spi.rules.RuleEvaluator;
import io.hearth.spi.rules.RuleEvaluatorFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@code prometheus} evaluator. Properties (under {@code hearth.rules.prometheus.}),
 * durations in Prometheus syntax ({@code 1m}, {@code 90s}):
 * {@code resend-delay} (1m), {@code outage-tolerance} (1h), {@code for-grace-period} (10m),
 * {@code default-interval} (1m), {@code lookback-delta} (5m), {@code query-timeout} (2m),
 * {@code max-samples} (50000000), {@code threads} (2).
 */
public final class PrometheusRuleEvaluatorFactory implements RuleEvaluatorFactory {

    /** The evaluator's name in {@code hearth.rules.evaluator}. */
    public static final String NAME = "prometheus";

    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @throws IllegalArgumentException naming the property when one is not valid
     */
    @Override
    public RuleEvaluator create(PluginContext context) {
        EvaluatorSettings d = EvaluatorSettings.DEFAULTS;
        EvaluatorSettings settings = new EvaluatorSettings(
                duration(context, "default-interval", d.defaultIntervalMillis()),
                duration(context, "resend-delay", d.resendDelayMillis()),
                duration(context, "outage-tolerance", d.outageToleranceMillis()),
                duration(context, "for-grace-period", d.forGracePeriodMillis()),
                new QueryOptions(duration(context, "lookback-delta", d.queryOptions().lookbackMillis()),
                        (int) number(context, "max-samples", d.queryOptions().maxSamples()),
                        duration(context, "query-timeout", d.queryOptions().timeoutMillis())));
        int threads = (int) number(context, "threads", 2);
        return new PrometheusRuleEvaluator(new ExecutorScheduler(threads), settings);
    }

    /** Parses a Prometheus duration ({@code 1h30m}, {@code 500ms}, {@code 0}) into milliseconds. */
    static long parseDuration(String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = DURATION.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
        }
        long[] unit = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
        long total = 0;
        for (int i = 0; i < unit.length; i++) {
            if (m.group(i + 1) != null) {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(i + 1)), unit[i]));
            }
        }
        return total;
    }

    private static long duration(PluginContext context, String name, long fallback) {
        return context.property(name).map(v -> {
            try {
                return parseDuration(v);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new IllegalArgumentException("hearth.rules." + NAME + "." + name + ": " + e.getMessage(), e);
            }
        }).orElse(fallback);
    }

    private static long number(PluginContext context, String name, long fallback) {
        return context.property(name).map(v -> {
            try {
                long n = Long.parseLong(v.strip());
                if (n <= 0) {
                    throw new NumberFormatException("not positive");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hearth.rules." + NAME + "." + name + " must be a positive number, not '"
                        + v + "'", e);
            }
        }).orElse(fallback);
    }
}
