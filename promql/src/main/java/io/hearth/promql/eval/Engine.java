package io.hearth.promql.eval;

import io.hearth.promql.ast.Expr;
import io.hearth.promql.storage.SeriesSource;

/**
 * Evaluates parsed PromQL against a {@link SeriesSource}. Thread-safe: every query gets its own
 * {@link Evaluator}.
 */
public final class Engine {
    private final EngineOptions options;

    public Engine(EngineOptions options) {
        this.options = options;
    }

    public EngineOptions options() {
        return options;
    }

    /** Evaluates {@code expr} at {@code t} (ms); {@code query} is its text, for annotation positions. */
    public Result instant(SeriesSource source, Expr expr, String query, long t) {
        return DeepStack.evaluate(expr, () -> new Evaluator(source, options, query, t, t, 1, true).run(expr));
    }

    /** Evaluates {@code expr} at start, start+step, ... up to end (ms). */
    public Result range(SeriesSource source, Expr expr, String query, long start, long end, long step) {
        if (step <= 0) {
            throw new QueryException("zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        return DeepStack.evaluate(expr, () -> new Evaluator(source, options, query, start, end, step, false).run(expr));
    }
}
