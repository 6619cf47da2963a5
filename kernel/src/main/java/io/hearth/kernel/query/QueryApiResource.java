package io.hearth.kernel.query;

import static io.hearth.kernel.query.SuccessResponse.success;

import io.hearth.kernel.http.Authorize;
import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.kernel.storage.WorkspaceStores;
import io.hearth.kernel.workspace.WorkspaceDocument;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryException;
import io.hearth.spi.storage.Exemplar;
import io.hearth.spi.storage.ExemplarSeries;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.WorkspaceStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The Prometheus HTTP API under {@code /workspaces/{id}/api/v1}: series, label names and values,
 * query_exemplars, format_query, parse_query and the status pages. Answers are streamed, never
 * built whole as text. query and query_range, the endpoints dashboards call most, are served by
 * {@link QueryRoutes} without Jersey.
 *
 * <p>As in Prometheus, the methods produce JSON whatever the Accept header asks for (no
 * {@code @Produces}, so Jersey never answers 406), and a POST body of any type is accepted, its
 * parameters read only when it is declared a form (no {@code @Consumes}, so never 415). OPTIONS
 * and the CORS headers are {@link PrometheusApiFilter}'s.
 */
@Path("/workspaces/{workspaceId}/api/v1")
@ApplicationScoped
public class QueryApiResource {

    /** The Prometheus API level Hearth answers as, for clients such as Grafana that read it. */
    static final String PROMETHEUS_COMPATIBLE_VERSION = "3.0.0";

    private WorkspaceStores stores;
    private QueryEvaluation queries;
    private io.hearth.kernel.ingest.MetricMetadataStore metadata;
    private Plugins.Bound<QueryEngine> engine;
    private final Instant started = Instant.now();

    /** For CDI proxies only. */
    protected QueryApiResource() {
    }

    @Inject
    QueryApiResource(WorkspaceStores stores, PluginRegistry plugins, QueryEvaluation queries,
            io.hearth.kernel.ingest.MetricMetadataStore metadata) {
        this.queries = queries;
        this.metadata = metadata;
        this.stores = stores;
        this.engine = plugins.queryEngine();
    }

    @GET
    @Path("/series")
    @Authorize(action = "aps:GetSeries", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response series(@PathParam("workspaceId") String ws, @Context UriInfo uri) {
        return series(ws, parameters(uri, null, null));
    }

    @POST
    @Path("/series")
    @Authorize(action = "aps:GetSeries", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response seriesPost(@PathParam("workspaceId") String ws, @Context UriInfo uri,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        return series(ws, parameters(uri, contentType, body));
    }

    @GET
    @Path("/labels")
    @Authorize(action = "aps:GetLabels", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response labels(@PathParam("workspaceId") String ws, @Context UriInfo uri) {
        return labelNames(ws, parameters(uri, null, null));
    }

    @POST
    @Path("/labels")
    @Authorize(action = "aps:GetLabels", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response labelsPost(@PathParam("workspaceId") String ws, @Context UriInfo uri,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        return labelNames(ws, parameters(uri, contentType, body));
    }

    @GET
    @Path("/label/{name}/values")
    @Authorize(action = "aps:GetLabels", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response labelValues(@PathParam("workspaceId") String ws, @PathParam("name") String escaped,
            @Context UriInfo uri) {
        ApiParameters params = parameters(uri, null, null);
        String name = EscapedLabelName.unescape(escaped);
        if (name.isEmpty()) {
            throw new PrometheusApiException("bad_data", "invalid label name: \"\"");
        }
        List<List<LabelMatcher>> selectors = selectors(params, false);
        TreeSet<String> values = new TreeSet<>();
        withQuerier(ws, params, querier -> {
            if (selectors.isEmpty()) {
                values.addAll(querier.labelValues(name, List.of()));
            }
            for (List<LabelMatcher> matchers : selectors) {
                values.addAll(querier.labelValues(name, matchers));
            }
        });
        return stringList(values, params.limit());
    }

    @GET
    @Path("/query_exemplars")
    @Authorize(action = "aps:QueryMetrics", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response queryExemplars(@PathParam("workspaceId") String ws, @Context UriInfo uri) {
        return exemplars(ws, parameters(uri, null, null));
    }

    @POST
    @Path("/query_exemplars")
    @Authorize(action = "aps:QueryMetrics", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response queryExemplarsPost(@PathParam("workspaceId") String ws, @Context UriInfo uri,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        return exemplars(ws, parameters(uri, contentType, body));
    }

    @GET
    @Path("/parse_query")
    @Authorize(action = "aps:QueryMetrics", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response parseQuery(@PathParam("workspaceId") String ws, @Context UriInfo uri) {
        return syntaxTree(ws, parameters(uri, null, null));
    }

    @POST
    @Path("/parse_query")
    @Authorize(action = "aps:QueryMetrics", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response parseQueryPost(@PathParam("workspaceId") String ws, @Context UriInfo uri,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        return syntaxTree(ws, parameters(uri, contentType, body));
    }

    @GET
    @Path("/metadata")
    @Authorize(action = "aps:GetMetricMetadata", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response metadata(@PathParam("workspaceId") String ws, @Context UriInfo uri) {
        queries.workspace(ws);
        ApiParameters params = parameters(uri, null, null);
        String metric = params.first("metric");
        // Prometheus's metadata limits: any whole number, a negative one meaning none, 0 nothing
        long limit = params.metadataLimit("limit");
        long perMetric = params.metadataLimit("limit_per_metric");
        var all = metadata.of(ws);
        return success(g -> {
            g.writeStartObject("data");
            int written = 0;
            for (var entry : all.entrySet()) {
                if (metric != null && !metric.isEmpty() && !metric.equals(entry.getKey())) {
                    continue;
                }
                if (limit >= 0 && written >= limit) {
                    break;
                }
                written++;
                g.writeStartArray(entry.getKey());
                int n = 0;
                for (var m : entry.getValue()) {
                    if (perMetric > 0 && n++ >= perMetric) {
                        break;
                    }
                    g.writeStartObject().write("type", m.type()).write("help", m.help()).write("unit", m.unit()).writeEnd();
                }
                g.writeEnd();
            }
            g.writeEnd();
        });
    }

    @GET
    @Path("/format_query")
    @Authorize(action = "aps:QueryMetrics", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response formatQuery(@PathParam("workspaceId") String ws, @Context UriInfo uri) {
        return format(ws, parameters(uri, null, null));
    }

    @POST
    @Path("/format_query")
    @Authorize(action = "aps:QueryMetrics", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response formatQueryPost(@PathParam("workspaceId") String ws, @Context UriInfo uri,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        return format(ws, parameters(uri, contentType, body));
    }

    @GET
    @Path("/status/buildinfo")
    @Authorize(action = "aps:QueryMetrics", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response buildInfo(@PathParam("workspaceId") String ws) {
        queries.workspace(ws);
        String version = String.valueOf(QueryApiResource.class.getPackage().getImplementationVersion());
        return success(g -> g.writeStartObject("data")
                .write("version", PROMETHEUS_COMPATIBLE_VERSION + "+hearth")
                .write("revision", version)
                .write("branch", "")
                .write("buildUser", "")
                .write("buildDate", "")
                .write("goVersion", "java" + Runtime.version().feature())
                .writeEnd());
    }

    @GET
    @Path("/status/runtimeinfo")
    @Authorize(action = "aps:QueryMetrics", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response runtimeInfo(@PathParam("workspaceId") String ws) {
        WorkspaceDocument w = queries.workspace(ws);
        return success(g -> g.writeStartObject("data")
                .write("startTime", started.toString())
                .write("CWD", System.getProperty("user.dir"))
                .write("reloadConfigSuccess", true)
                .write("lastConfigTime", started.toString())
                .write("corruptionCount", 0)
                .write("goroutineCount", ManagementFactory.getThreadMXBean().getThreadCount())
                .write("GOMAXPROCS", Runtime.getRuntime().availableProcessors())
                .write("GOMEMLIMIT", Runtime.getRuntime().maxMemory())
                .write("GOGC", "")
                .write("GODEBUG", "")
                .write("storageRetention", w.retentionPeriodInDays() + "d")
                .writeEnd());
    }

    @GET
    @Path("/status/flags")
    @Authorize(action = "aps:QueryMetrics", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response flags(@PathParam("workspaceId") String ws) {
        WorkspaceDocument w = queries.workspace(ws);
        return success(g -> g.writeStartObject("data")
                .write("storage.tsdb.retention.time", w.retentionPeriodInDays() + "d")
                .write("query.lookback-delta", "5m")
                .writeEnd());
    }

    @GET
    @Path("/status/config")
    @Authorize(action = "aps:QueryMetrics", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response config(@PathParam("workspaceId") String ws) {
        queries.workspace(ws);
        // A managed workspace has no scrape configuration of its own: an empty, valid document.
        return success(g -> g.writeStartObject("data").write("yaml", "").writeEnd());
    }

    @GET
    @Path("/status/tsdb")
    @Authorize(action = "aps:QueryMetrics", resource = Authorize.Scope.WORKSPACE, dataPlane = true)
    public Response tsdbStatus(@PathParam("workspaceId") String ws, @Context UriInfo uri) {
        ApiParameters params = parameters(uri, null, null);
        int limit = tsdbLimit(params.first("limit"));
        Cardinality[] result = new Cardinality[1];
        long[] chunks = new long[1];
        // the whole head and every block, as Prometheus's (which takes no times)
        withQuerier(ws, new ApiParameters(java.util.Map.of(), null), querier -> result[0] = Cardinality.of(querier));
        stores.get(ws).ifPresent(s -> chunks[0] = s.stats().headChunks());
        Cardinality c = result[0];
        return success(g -> {
            g.writeStartObject("data");
            g.writeStartObject("headStats")
                    .write("numSeries", c.series)
                    .write("numLabelPairs", c.labelPairs)
                    .write("chunkCount", chunks[0])
                    .write("minTime", c.series == 0 ? 0 : c.minTime)
                    .write("maxTime", c.series == 0 ? 0 : c.maxTime)
                    .writeEnd();
            writeTop(g, "seriesCountByMetricName", Cardinality.top(c.seriesByMetricName, limit));
            writeTop(g, "labelValueCountByLabelName", Cardinality.top(c.valueCountByLabelName(), limit));
            writeTop(g, "memoryInBytesByLabelName", Cardinality.top(c.bytesByLabelName, limit));
            writeTop(g, "seriesCountByLabelValuePair", Cardinality.top(c.seriesByLabelPair, limit));
            g.writeEnd();
        });
    }

    /** status/tsdb's limit as Prometheus takes it: 10 when absent, else 1 to 10,000. */
    private static int tsdbLimit(String text) {
        if (text == null || text.isEmpty()) {
            return 10;
        }
        long limit;
        try {
            limit = Long.parseLong(text); // Go's int: 64 bits
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1) {
            throw new PrometheusApiException("bad_data", "limit must be a positive number");
        }
        if (limit > 10_000) {
            throw new PrometheusApiException("bad_data", "limit must not exceed 10000");
        }
        return (int) limit;
    }

    private static void writeTop(JsonGenerator g, String name, List<java.util.Map.Entry<String, Long>> entries) {
        g.writeStartArray(name);
        for (var entry : entries) {
            g.writeStartObject().write("name", entry.getKey()).write("value", entry.getValue()).writeEnd();
        }
        g.writeEnd();
    }

    private Response series(String ws, ApiParameters params) {
        params.requireWellFormed();
        List<List<LabelMatcher>> selectors = selectors(params, true);
        int limit = params.limit();
        TreeMap<Labels, Boolean> found = new TreeMap<>();
        withQuerier(ws, params, querier -> {
            for (List<LabelMatcher> matchers : selectors) {
                SeriesSet set = querier.select(params.time("start", ApiParameters.MIN_TIME),
                        params.time("end", ApiParameters.MAX_TIME), matchers);
                while (set.next()) {
                    found.put(set.at().labels(), Boolean.TRUE);
                }
                if (set.err() != null) {
                    throw new PrometheusApiException("execution", set.err().getMessage());
                }
            }
        });
        boolean truncated = limit > 0 && found.size() > limit;
        List<Labels> result = new ArrayList<>(truncated ? List.copyOf(found.keySet()).subList(0, limit) : found.keySet());
        return success(g -> {
            g.writeStartArray("data");
            for (Labels labels : result) {
                LabelsJson.element(g, labels);
            }
            g.writeEnd();
            if (truncated) {
                g.writeStartArray("warnings").write("results truncated due to limit").writeEnd();
            }
        });
    }

    private Response labelNames(String ws, ApiParameters params) {
        List<List<LabelMatcher>> selectors = selectors(params, false);
        TreeSet<String> names = new TreeSet<>();
        withQuerier(ws, params, querier -> {
            if (selectors.isEmpty()) {
                names.addAll(querier.labelNames(List.of()));
            }
            for (List<LabelMatcher> matchers : selectors) {
                names.addAll(querier.labelNames(matchers));
            }
        });
        return stringList(names, params.limit());
    }

    private Response format(String ws, ApiParameters params) {
        queries.workspace(ws);
        String query = params.first("query");
        if (query == null || query.isEmpty()) {
            throw PrometheusApiException.invalidParameter("query", QueryEvaluation.NO_EXPRESSION);
        }
        String formatted;
        try {
            formatted = engine.call(e -> e.format(query));
        } catch (QueryException e) {
            throw PrometheusApiException.invalidParameter("query", e.getMessage());
        }
        return success(g -> g.write("data", formatted));
    }

    /**
     * Prometheus's query_exemplars: times first (defaults: all time), then the query, whose
     * selectors (all of them, wherever they are in the expression) pick the series. A query without
     * selectors has no data, which Prometheus answers with 204 and no body.
     */
    private Response exemplars(String ws, ApiParameters params) {
        long start = params.time("start", ApiParameters.MIN_TIME);
        long end = params.time("end", ApiParameters.MAX_TIME);
        if (end < start) {
            throw new PrometheusApiException("bad_data", "end timestamp must not be before start timestamp");
        }
        String query = params.first("query");
        List<List<LabelMatcher>> selectors;
        try {
            if (query == null || query.isEmpty()) {
                throw new QueryException("bad_data", QueryEvaluation.NO_EXPRESSION);
            }
            selectors = engine.call(e -> e.selectors(query));
        } catch (QueryException e) {
            throw new PrometheusApiException(e.errorType(), e.getMessage());
        }
        WorkspaceStorage storage = queries.storage(ws);
        if (selectors.isEmpty()) {
            return Response.noContent().build(); // Prometheus: a result without data is 204, no body
        }
        List<ExemplarSeries> found;
        try (Querier querier = storage.querier(start, end)) {
            found = querier.selectExemplars(start, end, selectors);
        }
        return success(g -> {
            g.writeStartArray("data");
            for (ExemplarSeries series : found) {
                g.writeStartObject();
                LabelsJson.member(g, "seriesLabels", series.series());
                g.writeStartArray("exemplars");
                for (Exemplar e : series.exemplars()) {
                    g.writeStartObject();
                    LabelsJson.member(g, "labels", e.labels());
                    g.write("value", PrometheusNumbers.value(e.value()));
                    g.write("timestamp", PrometheusNumbers.timestamp(e.timestamp()));
                    g.writeEnd();
                }
                g.writeEnd();
                g.writeEnd();
            }
            g.writeEnd();
        });
    }

    /** Prometheus 3's parse_query: the expression's syntax tree as JSON, from the query engine. */
    private Response syntaxTree(String ws, ApiParameters params) {
        queries.workspace(ws);
        String query = params.first("query");
        if (query == null || query.isEmpty()) {
            throw PrometheusApiException.invalidParameter("query", QueryEvaluation.NO_EXPRESSION);
        }
        String json;
        try {
            json = engine.call(e -> e.syntaxTreeJson(query));
        } catch (QueryException e) {
            throw "bad_data".equals(e.errorType()) ? PrometheusApiException.invalidParameter("query", e.getMessage())
                    : new PrometheusApiException(e.errorType(), e.getMessage());
        }
        JsonValue tree;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            tree = reader.readValue();
        }
        return success(g -> g.write("data", tree));
    }

    /**
     * The match[] selectors; {@code series} requires one, and names the parameter in its errors
     * (labels and label values give the bare message, as Prometheus does).
     */
    private List<List<LabelMatcher>> selectors(ApiParameters params, boolean series) {
        List<String> texts = params.all("match[]");
        if (texts.isEmpty() && series) {
            throw new PrometheusApiException("bad_data", "no match[] parameter provided");
        }
        List<List<LabelMatcher>> selectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            List<LabelMatcher> matchers;
            try {
                matchers = engine.call(e -> e.parseSeriesSelector(text));
            } catch (QueryException e) {
                throw badSelector(e.getMessage(), series);
            }
            // a selector matching every series is refused: a typo must not select everything
            if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
                throw badSelector("match[] must contain at least one non-empty matcher", series);
            }
            selectors.add(matchers);
        }
        return selectors;
    }

    private static PrometheusApiException badSelector(String message, boolean series) {
        return series ? PrometheusApiException.invalidParameter("match[]", message)
                : new PrometheusApiException("bad_data", message);
    }

    /**
     * The parameters of a call: the URL's, and a POST body's when it is declared a form (another
     * type is not refused; Prometheus just finds no parameters in it).
     *
     * @param body a POST's body, or null for GET
     */
    private static ApiParameters parameters(UriInfo uri, String contentType, byte[] body) {
        return ApiParameters.of(uri.getRequestUri().getRawQuery(), contentType, body);
    }

    private void withQuerier(String ws, ApiParameters params, Consumer<Querier> work) {
        WorkspaceStorage storage = queries.storage(ws);
        long start = params.time("start", ApiParameters.MIN_TIME);
        long end = params.time("end", ApiParameters.MAX_TIME);
        if (end < start) {
            return; // Prometheus finds nothing in an empty interval, and says nothing about it
        }
        try (Querier querier = storage.querier(start, end)) {
            work.accept(querier);
        }
    }

    private static Response stringList(TreeSet<String> values, int limit) {
        boolean truncated = limit > 0 && values.size() > limit;
        List<String> result = truncated ? new ArrayList<>(values).subList(0, limit) : new ArrayList<>(values);
        return success(g -> {
            g.writeStartArray("data");
            result.forEach(g::write);
            g.writeEnd();
            if (truncated) {
                g.writeStartArray("warnings").write("results truncated due to limit").writeEnd();
            }
        });
    }
}
