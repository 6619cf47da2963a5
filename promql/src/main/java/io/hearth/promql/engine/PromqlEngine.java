package io.hearth.promql.engine;

import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.Printer;
import io.hearth.promql.ast.SyntaxTreeJson;
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.parser.ParseException;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.eval.Engine;
import io.hearth.promql.eval.EngineOptions;
import io.hearth.promql.eval.Result;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryOptions;
import io.hearth.spi.query.QueryResult;
import io.hearth.spi.query.QueryValue;
import io.hearth.spi.storage.WorkspaceStorage;
import io.hearth.spi.query.QueryException;
import io.hearth.spi.storage.LabelMatcher;
import java.util.ArrayList;
import java.util.List;

/** The spi {@link QueryEngine} over Hearth's PromQL parser and printer. */
final class PromqlEngine implements QueryEngine {

    static final String NAME = "promql";

    @Override
    public List<LabelMatcher> parseSeriesSelector(String selector) throws QueryException {
        try {
            return toSpi(Parser.parseSeriesSelector(selector));
        } catch (ParseException e) {
            throw new QueryException("bad_data", e.getMessage());
        }
    }

    @Override
    public List<List<LabelMatcher>> selectors(String expression) throws QueryException {
        List<List<LabelMatcher>> out = new ArrayList<>();
        collectSelectors(parse(expression), out);
        return List.copyOf(out);
    }

    // every vector selector of the tree in source order, those under ranges included; a loop, as
    // chains like a + b + c ... may be thousands of operators deep
    private static void collectSelectors(Expr root, List<List<LabelMatcher>> out) throws QueryException {
        java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Expr expr = todo.pop();
            if (expr instanceof VectorSelector vector) {
                out.add(toSpi(vector));
                continue;
            }
            List<Expr> children = expr.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                todo.push(children.get(i));
            }
        }
    }

    @Override
    public String syntaxTreeJson(String expression) throws QueryException {
        Expr expr = parse(expression);
        try {
            return SyntaxTreeJson.render(expr);
        } catch (StackOverflowError e) {
            throw new QueryException("bad_data", "the query is nested too deeply to render as a tree");
        }
    }

    private static List<LabelMatcher> toSpi(VectorSelector vector) throws QueryException {
        List<LabelMatcher> matchers = new ArrayList<>(vector.matchers().size());
        for (io.hearth.promql.ast.LabelMatcher m : vector.matchers()) {
            try {
                matchers.add(new LabelMatcher(switch (m.type()) {
                    case EQUAL -> LabelMatcher.Type.EQUAL;
                    case NOT_EQUAL -> LabelMatcher.Type.NOT_EQUAL;
                    case REGEX -> LabelMatcher.Type.REGEX;
                    case NOT_REGEX -> LabelMatcher.Type.NOT_REGEX;
                }, m.name(), m.value()));
            } catch (IllegalArgumentException e) {
                throw new QueryException("bad_data", e.getMessage());
            }
        }
        return List.copyOf(matchers);
    }

    @Override
    public QueryResult instant(WorkspaceStorage storage, String query, long timeMillis, QueryOptions options)
            throws QueryException {
        Expr expr = parse(query);
        try (StorageSeriesSource source = new StorageSeriesSource(storage, options.timeoutMillis())) {
            Result result = engine(options).instant(source, expr, query, timeMillis);
            return new QueryResult(convert(result.value()), result.warnings(), result.infos(), source.samplesProcessed(),
                    result.peakSamples(), options.statistics() ? result.queryableSamples() : 0);
        } catch (io.hearth.promql.eval.QueryException e) {
            throw new QueryException("execution", e.getMessage());
        } catch (StorageSeriesSource.Timeout e) {
            throw new QueryException("timeout", e.getMessage());
        }
    }

    @Override
    public QueryResult range(WorkspaceStorage storage, String query, long startMillis, long endMillis, long stepMillis,
            QueryOptions options) throws QueryException {
        Expr expr = parse(query);
        if (expr.type() != io.hearth.promql.ast.ValueType.VECTOR && expr.type() != io.hearth.promql.ast.ValueType.SCALAR) {
            throw new QueryException("bad_data", "invalid expression type \"" + typeName(expr.type())
                    + "\" for range query, must be Scalar or instant Vector");
        }
        try (StorageSeriesSource source = new StorageSeriesSource(storage, options.timeoutMillis())) {
            Result result = engine(options).range(source, expr, query, startMillis, endMillis, stepMillis);
            return new QueryResult(convert(result.value()), result.warnings(), result.infos(), source.samplesProcessed(),
                    result.peakSamples(), options.statistics() ? result.queryableSamples() : 0);
        } catch (io.hearth.promql.eval.QueryException e) {
            throw new QueryException("execution", e.getMessage());
        } catch (StorageSeriesSource.Timeout e) {
            throw new QueryException("timeout", e.getMessage());
        }
    }

    private static Engine engine(QueryOptions options) {
        return new Engine(new EngineOptions(options.lookbackMillis(), options.maxSamples(),
                EngineOptions.DEFAULT.defaultSubqueryStepMillis(), false, false, options.statistics()));
    }

    private static String typeName(io.hearth.promql.ast.ValueType type) {
        return switch (type) {
            case MATRIX -> "range vector";
            case VECTOR -> "instant vector";
            case SCALAR -> "scalar";
            case STRING -> "string";
            default -> type.toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static QueryValue convert(Result.Value value) {
        if (value instanceof Result.Scalar scalar) {
            return new QueryValue.Scalar(scalar.t(), scalar.v());
        }
        if (value instanceof Result.Str str) {
            return new QueryValue.Text(str.t(), str.v());
        }
        if (value instanceof Result.Vector vector) {
            List<QueryValue.Sample> samples = new ArrayList<>(vector.samples().size());
            for (Result.Sample s : vector.samples()) {
                samples.add(new QueryValue.Sample(labels(s.labels()), s.t(), s.f(), s.h() == null ? null : Histograms.toSpi(s.h())));
            }
            return new QueryValue.Vector(samples);
        }
        Result.Matrix matrix = (Result.Matrix) value;
        List<QueryValue.RangeSeries> series = new ArrayList<>(matrix.series().size());
        for (Result.Series s : matrix.series()) {
            io.hearth.spi.storage.FloatHistogram[] histograms = null;
            if (s.h() != null) {
                for (int i = 0; i < s.h().length; i++) {
                    if (s.h()[i] != null) {
                        if (histograms == null) {
                            histograms = new io.hearth.spi.storage.FloatHistogram[s.h().length];
                        }
                        histograms[i] = Histograms.toSpi(s.h()[i]);
                    }
                }
            }
            // the evaluator's result arrays are fresh and not kept: handed over rather than copied
            series.add(new QueryValue.RangeSeries(labels(s.labels()), s.t(), s.f(), histograms));
        }
        return new QueryValue.Matrix(series);
    }

    private static io.hearth.spi.storage.Labels labels(io.hearth.promql.storage.Labels labels) {
        String[] pairs = new String[labels.size() * 2];
        for (int i = 0; i < labels.size(); i++) {
            pairs[2 * i] = labels.name(i);
            pairs[2 * i + 1] = labels.value(i);
        }
        return io.hearth.spi.storage.Labels.ofSortedPairs(pairs);
    }

    @Override
    public String format(String expression) throws QueryException {
        return Printer.print(parse(expression));
    }

    private static Expr parse(String text) throws QueryException {
        try {
            return Parser.parse(text);
        } catch (ParseException e) {
            throw new QueryException("bad_data", e.getMessage());
        }
    }
}
