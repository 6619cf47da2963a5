/**
 * The rules contracts: rule groups as the kernel parsed them from a workspace's rule groups
 * namespaces ({@link io.hearth.spi.rules.RuleGroup}, {@link io.hearth.spi.rules.Rule}), the
 * {@link io.hearth.spi.rules.RuleEvaluator} that runs them on their interval, the state it reports
 * for {@code /api/v1/rules} and {@code /api/v1/alerts}, and the {@link io.hearth.spi.rules.Notifier}s
 * that deliver the alerts it produces. JDK only.
 *
 * <p>Data flows one way: the kernel hands each workspace's groups, storage and query engine to the
 * evaluator; the evaluator hands alerts to an {@link io.hearth.spi.rules.AlertSink} the kernel
 * gives it; the kernel routes them to every notifier.
 */
package io.hearth.spi.rules;
