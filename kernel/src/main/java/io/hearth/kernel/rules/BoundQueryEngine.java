package io.hearth.kernel.rules;

import io.hearth.kernel.plugin.Plugins;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryException;
import io.hearth.spi.query.QueryOptions;
import io.hearth.spi.query.QueryResult;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.WorkspaceStorage;
import java.util.List;

/**
 * The query engine as the rule evaluator sees it: every call runs with the query engine plugin's
 * class loader as the thread's context loader, as the kernel's own calls do, although it comes
 * from another plugin's thread.
 */
final class BoundQueryEngine implements QueryEngine {

    private final Plugins.Bound<QueryEngine> engine;

    BoundQueryEngine(Plugins.Bound<QueryEngine> engine) {
        this.engine = engine;
    }

    @Override
    public QueryResult instant(WorkspaceStorage storage, String query, long timeMillis, QueryOptions options)
            throws QueryException {
        return engine.call(e -> e.instant(storage, query, timeMillis, options));
    }

    @Override
    public QueryResult range(WorkspaceStorage storage, String query, long startMillis, long endMillis, long stepMillis,
            QueryOptions options) throws QueryException {
        return engine.call(e -> e.range(storage, query, startMillis, endMillis, stepMillis, options));
    }

    @Override
    public List<LabelMatcher> parseSeriesSelector(String selector) throws QueryException {
        return engine.call(e -> e.parseSeriesSelector(selector));
    }

    @Override
    public String format(String expression) throws QueryException {
        return engine.call(e -> e.format(expression));
    }
}
