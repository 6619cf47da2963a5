package io.hearth.promql.ast;

import java.util.List;
import java.util.Objects;

/**
 * An instant vector selector such as {@code http_requests_total{job="api"} offset 5m @ 100}.
 *
 * @param name the metric name written before the braces, or "" when there is none
 * @param matchers all label matchers; when {@code name} is set, the last one is {@code __name__="name"}
 * @param offsetMillis the offset in milliseconds (negative looks ahead); 0 when absent or when
 *     {@code offsetExpr} is set
 * @param offsetExpr an offset given as a duration expression that needs the query's step or range
 *     to evaluate, or null
 * @param atMillis the {@code @} timestamp in milliseconds, or null
 * @param atPreprocessor {@code @ start()} / {@code @ end()}, or NONE
 * @param anchored the experimental {@code anchored} range modifier (only meaningful under a range)
 * @param smoothed the experimental {@code smoothed} range modifier (only meaningful under a range)
 */
public record VectorSelector(
        String name,
        List<LabelMatcher> matchers,
        long offsetMillis,
        DurationExpr offsetExpr,
        Long atMillis,
        AtPreprocessor atPreprocessor,
        boolean anchored,
        boolean smoothed,
        PositionRange position)
        implements Expr {

    public VectorSelector {
        Objects.requireNonNull(name, "name");
        matchers = List.copyOf(matchers);
        Objects.requireNonNull(atPreprocessor, "atPreprocessor");
        Objects.requireNonNull(position, "position");
    }

    /** Whether an offset was given, as a constant or as an expression. */
    public boolean hasOffset() {
        return offsetMillis != 0 || offsetExpr != null;
    }

    /** Whether an {@code @} modifier was given. */
    public boolean hasAt() {
        return atMillis != null || atPreprocessor != AtPreprocessor.NONE;
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    public VectorSelector withOffset(long millis, DurationExpr expr, PositionRange pos) {
        return new VectorSelector(name, matchers, millis, expr, atMillis, atPreprocessor, anchored, smoothed, pos);
    }

    public VectorSelector withAt(Long millis, AtPreprocessor pre, PositionRange pos) {
        return new VectorSelector(name, matchers, offsetMillis, offsetExpr, millis, pre, anchored, smoothed, pos);
    }

    public VectorSelector withRangeModifiers(boolean anchored, boolean smoothed, PositionRange pos) {
        return new VectorSelector(name, matchers, offsetMillis, offsetExpr, atMillis, atPreprocessor, anchored, smoothed, pos);
    }

    @Override
    public VectorSelector canonical() {
        List<LabelMatcher> sorted = new java.util.ArrayList<>(matchers);
        LabelMatcher nameMatcher = name.isEmpty() ? null : sorted.remove(sorted.size() - 1);
        sorted.sort(java.util.Comparator.comparing(Printer::matcherString));
        if (nameMatcher != null) {
            sorted.add(nameMatcher);
        }
        return new VectorSelector(name, sorted, offsetMillis, Expr.strip(offsetExpr), atMillis, atPreprocessor,
                anchored, smoothed, PositionRange.NONE);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
