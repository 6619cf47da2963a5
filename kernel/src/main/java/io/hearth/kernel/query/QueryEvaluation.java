package io.hearth.kernel.query;

import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.kernel.storage.WorkspaceStores;
import io.hearth.kernel.workspace.WorkspaceDocument;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryException;
import io.hearth.spi.query.QueryOptions;
import io.hearth.spi.query.QueryResult;
import io.hearth.spi.query.QueryValue;
import io.hearth.spi.storage.WorkspaceStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * The Prometheus API's instant and range queries, from parameters to the members of the answer:
 * parameter checks, query options, the workspace's storage, and the evaluation in a query slot
 * with metering and AMP's max_samples_processed thresholds. Knows no HTTP: {@link QueryRoutes}
 * serves it, and the JAX-RS {@link QueryApiResource} shares its workspace and storage look-ups.
 * Every refusal is a {@link PrometheusApiException}.
 */
@ApplicationScoped
public class QueryEvaluation {

    /** Prometheus's parse error for an empty query. */
    static final String NO_EXPRESSION = "unknown position: parse error: no expression found in input";

    private static final long DEFAULT_LOOKBACK_MILLIS = 300_000;

    /**
     * A timeout of 0 or less (as {@code 0s}, {@code 0} or {@code -1}) has elapsed before the query
     * starts. Prometheus 3.x then fails its first wait on the context, and the first is the
     * query-queue slot taken before the expression is parsed, in {@code Engine.NewInstantQuery} /
     * {@code NewRangeQuery}: its raw "context deadline exceeded" comes back as an invalid query
     * parameter. That wait is a Go select that picks at random between a free slot and the expired
     * context, so a free slot sometimes wins and a later check answers instead (execution's
     * "context deadline exceeded", or timeout's "query timed out in query execution"); half the
     * time, and always first, it is this one, which Hearth gives every time. It comes after the
     * other parameters are checked and before the query is, as there.
     */
    private static final PrometheusApiException ELAPSED_TIMEOUT =
            PrometheusApiException.invalidParameter("query", "context deadline exceeded");

    private WorkspaceRegistry workspaces;
    private WorkspaceStores stores;
    private QueryGuards guards;
    private Plugins.Bound<QueryEngine> engine;
    private int maxSamples;
    private long maxQueryMillis;

    /** For CDI proxies only. */
    protected QueryEvaluation() {
    }

    @Inject
    QueryEvaluation(WorkspaceRegistry workspaces, WorkspaceStores stores, PluginRegistry plugins, Config config,
            QueryGuards guards) {
        this.workspaces = workspaces;
        this.stores = stores;
        this.guards = guards;
        this.engine = plugins.queryEngine();
        this.maxSamples = config.getOptionalValue("hearth.query.max-samples", Integer.class).orElse(50_000_000);
        this.maxQueryMillis = config.getOptionalValue("hearth.query.timeout-millis", Long.class).orElse(120_000L);
    }

    /** @return the members of an instant query's answer, evaluated already */
    SuccessResponse.Members instant(String ws, ApiParameters params) {
        int limit = params.limit();
        long time = params.time("time", System.currentTimeMillis());
        QueryOptions options = options(params);
        String query = requiredQuery(params);
        WorkspaceStorage storage = storage(ws);
        return evaluate(ws, query, params, limit, () -> engine.call(e -> e.instant(storage, query, time, options)));
    }

    /** @return the members of a range query's answer, evaluated already */
    SuccessResponse.Members range(String ws, ApiParameters params) {
        int limit = params.limit();
        long start = params.requiredTime("start");
        long end = params.requiredTime("end");
        if (end < start) {
            throw PrometheusApiException.invalidParameter("end", "end timestamp must not be before start time");
        }
        if (params.first("step") == null) {
            throw PrometheusApiException.invalidParameter("step", "cannot parse \"\" to a valid duration");
        }
        long step = params.duration("step", 0);
        if (step <= 0) {
            throw PrometheusApiException.invalidParameter("step",
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > 11_000) {
            throw new PrometheusApiException("bad_data",
                    "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        QueryOptions options = options(params);
        String query = requiredQuery(params);
        guards.checkRange(start, end);
        WorkspaceStorage storage = storage(ws);
        return evaluate(ws, query, params, limit,
                () -> engine.call(e -> e.range(storage, query, start, end, step, options)));
    }

    /** @return the workspace when it serves queries */
    WorkspaceDocument workspace(String ws) {
        return workspaces.findServing(ws).orElseThrow(() -> PrometheusApiException.workspaceNotFound(ws));
    }

    /** @return the storage of a workspace that serves queries */
    WorkspaceStorage storage(String ws) {
        workspace(ws);
        return stores.get(ws).orElseThrow(() -> new PrometheusApiException("unavailable",
                "the storage of workspace " + ws + " is not open"));
    }

    private interface Evaluation {
        QueryResult run() throws QueryException;
    }

    /**
     * Runs an evaluation in one of the workspace's query slots, meters it, and applies AMP's
     * max_samples_processed thresholds: above the warning threshold the answer carries a warning,
     * above the error threshold it is refused.
     */
    private SuccessResponse.Members evaluate(String ws, String query, ApiParameters params, int limit,
            Evaluation evaluation) {
        long warnAbove = params.count("max_samples_processed_warning_threshold");
        long failAbove = params.count("max_samples_processed_error_threshold");
        long started = System.nanoTime();
        long admitted;
        QueryResult result;
        try (QueryGuards.Slot slot = guards.acquire(ws)) {
            admitted = System.nanoTime();
            result = evaluation.run();
        } catch (QueryException e) {
            guards.finished(ws, query, System.nanoTime() - started, 0, e.errorType());
            // the engine refuses a query it cannot parse or prepare with bad_data, which Prometheus
            // reports against the parameter
            throw "bad_data".equals(e.errorType()) ? PrometheusApiException.invalidParameter("query", e.getMessage())
                    : new PrometheusApiException(e.errorType(), e.getMessage());
        }
        long finished = System.nanoTime();
        guards.finished(ws, query, finished - started, result.samplesProcessed(), "success");
        if (failAbove > 0 && result.samplesProcessed() > failAbove) {
            throw new PrometheusApiException("execution", "query processed " + result.samplesProcessed()
                    + " samples, more than max_samples_processed_error_threshold " + failAbove);
        }
        QueryValue value = truncated(result.value(), limit);
        List<String> warnings = new ArrayList<>(result.warnings());
        if (value != result.value()) {
            warnings.add("results truncated due to limit");
        }
        String stats = params.first("stats");
        if (stats != null && !stats.isEmpty() && !stats.equals("true") && !stats.equals("all")) {
            warnings.add("value \"" + stats + "\" for parameter \"stats\" is deprecated and will be rejected in the"
                    + " next major release, use \"true\" or \"all\"");
        }
        if (warnAbove > 0 && result.samplesProcessed() > warnAbove) {
            warnings.add("query processed " + result.samplesProcessed()
                    + " samples, more than max_samples_processed_warning_threshold " + warnAbove);
        }
        QueryResult written = warnings.size() == result.warnings().size() ? result
                : new QueryResult(value, warnings, result.infos(), result.samplesProcessed(), result.peakSamples(),
                        result.queryableSamples());
        QueryStatistics statistics = !statistics(params) ? null
                : new QueryStatistics(admitted - started, finished - admitted, result.queryableSamples(),
                        result.peakSamples());
        return g -> QueryValueWriter.write(g, written, statistics);
    }

    /** The first {@code limit} series of a vector or matrix (all when 0), as Prometheus's limit parameter cuts them. */
    private static QueryValue truncated(QueryValue value, int limit) {
        if (limit <= 0) {
            return value;
        }
        return switch (value) {
            case QueryValue.Vector v when v.samples().size() > limit -> new QueryValue.Vector(v.samples().subList(0, limit));
            case QueryValue.Matrix m when m.series().size() > limit -> new QueryValue.Matrix(m.series().subList(0, limit));
            default -> value;
        };
    }

    private static String requiredQuery(ApiParameters params) {
        String query = params.first("query");
        if (query == null || query.isEmpty()) {
            throw PrometheusApiException.invalidParameter("query", NO_EXPRESSION);
        }
        return query;
    }

    private QueryOptions options(ApiParameters params) {
        long timeout = Math.min(params.duration("timeout", maxQueryMillis), maxQueryMillis);
        long lookback;
        try {
            lookback = params.duration("lookback_delta", DEFAULT_LOOKBACK_MILLIS);
        } catch (PrometheusApiException e) {
            throw new PrometheusApiException("bad_data", "error parsing lookback delta duration: cannot parse \""
                    + params.first("lookback_delta") + "\" to a valid duration");
        }
        String timeoutText = params.first("timeout");
        if (timeoutText != null && !timeoutText.isEmpty() && timeout <= 0) {
            throw ELAPSED_TIMEOUT;
        }
        return new QueryOptions(lookback, maxSamples, timeout, statistics(params));
    }

    /** Prometheus adds the statistics for any non-empty stats parameter. */
    private static boolean statistics(ApiParameters params) {
        String stats = params.first("stats");
        return stats != null && !stats.isEmpty();
    }
}
