package io.hearth.spi.query;

import io.hearth.spi.storage.LabelMatcher;
import java.util.List;

/**
 * The query language of the Prometheus HTTP API. The kernel calls it on request threads, many at
 * once: to evaluate {@code query} and {@code query_range}, to parse {@code match[]} selectors, to
 * find the selectors of a {@code query_exemplars} query, and to format and explain expressions.
 */
public interface QueryEngine {

    /**
     * Evaluates an instant query.
     *
     * @param storage the workspace's storage; the engine opens the queriers it needs
     * @param query the query text
     * @param timeMillis the evaluation time
     * @param options limits and lookback
     * @return the value and annotations
     * @throws QueryException bad_data for a query that does not parse, execution or timeout for
     *     one that fails while running, with Prometheus's messages
     */
    QueryResult instant(io.hearth.spi.storage.WorkspaceStorage storage, String query, long timeMillis, QueryOptions options)
            throws QueryException;

    /**
     * Evaluates a range query at {@code start}, {@code start + step}, ... up to {@code end}.
     *
     * @return a matrix with the annotations
     * @throws QueryException as for {@link #instant}
     */
    QueryResult range(io.hearth.spi.storage.WorkspaceStorage storage, String query, long startMillis, long endMillis,
            long stepMillis, QueryOptions options) throws QueryException;

    /**
     * Parses a series selector such as {@code up{job="api"}} or {@code {__name__=~"http_.*"}}, as
     * the {@code match[]} parameter carries it. Matchers that all match the empty string
     * ({@code {job=""}}) are accepted here: the API refuses those with its own message.
     *
     * @param selector the selector text
     * @return its matchers, the metric name as a {@code __name__} matcher
     * @throws QueryException a {@code bad_data} error with the language's own message when the
     *     text is not a selector
     */
    List<LabelMatcher> parseSeriesSelector(String selector) throws QueryException;

    /**
     * Renders an expression in its canonical form, as {@code /api/v1/format_query} answers.
     *
     * @param expression the query text
     * @return the canonical text
     * @throws QueryException a {@code bad_data} error when it does not parse
     */
    String format(String expression) throws QueryException;

    /**
     * The series selectors of an expression, in the order they appear, as {@code query_exemplars}
     * needs them: every instant and range-vector selector anywhere in the tree, each as the
     * conjunction of its matchers (the metric name as a {@code __name__} matcher); offsets and
     * {@code @} modifiers are ignored. Duplicate selectors may be dropped.
     *
     * <p>The default, for engines without it, fails with an {@code internal} error.
     *
     * @param expression the query text
     * @return one matcher list per selector; empty when the expression has none (say {@code 1 + 1})
     * @throws QueryException a {@code bad_data} error with the language's message when it does not parse
     */
    default List<List<LabelMatcher>> selectors(String expression) throws QueryException {
        throw new QueryException("internal", "this query engine cannot list the selectors of a query");
    }

    /**
     * The syntax tree of an expression as JSON text, as Prometheus 3's {@code /api/v1/parse_query}
     * answers in its {@code data} member: one object per node with a {@code type}
     * ({@code aggregation}, {@code binaryExpr}, {@code call}, {@code matrixSelector},
     * {@code subquery}, {@code numberLiteral}, {@code parenExpr}, {@code stringLiteral},
     * {@code unaryExpr}, {@code vectorSelector}) and that node's fields.
     *
     * <p>The default, for engines without it, fails with an {@code internal} error.
     *
     * @param expression the query text
     * @return a JSON object, UTF-8 text
     * @throws QueryException a {@code bad_data} error with the language's message when it does not parse
     */
    default String syntaxTreeJson(String expression) throws QueryException {
        throw new QueryException("internal", "this query engine cannot render syntax trees");
    }
}
