package io.hearth.promql.parser;

/**
 * Switches for the optional parts of the language, as in Prometheus' parser options. All are off
 * by default, as in Prometheus; the conformance corpus runs with {@link #ALL}.
 *
 * @param experimentalFunctions functions flagged experimental in {@link io.hearth.promql.ast.Functions}
 *     and the {@code limitk}/{@code limit_ratio} aggregations
 * @param durationExpressions arithmetic, {@code step()}, {@code range()}, {@code min_of},
 *     {@code max_of} and parentheses in ranges, subquery steps and offsets
 * @param extendedRangeSelectors the {@code anchored} and {@code smoothed} range modifiers
 * @param binopFillModifiers {@code fill(v)}, {@code fill_left(v)}, {@code fill_right(v)} on binary operators
 */
public record ParserOptions(
        boolean experimentalFunctions,
        boolean durationExpressions,
        boolean extendedRangeSelectors,
        boolean binopFillModifiers) {

    /** Prometheus' defaults: no experimental syntax. */
    public static final ParserOptions DEFAULT = new ParserOptions(false, false, false, false);

    /** Every optional feature on, as the upstream test harness configures its parser. */
    public static final ParserOptions ALL = new ParserOptions(true, true, true, true);
}
