package io.hearth.spi.query;

import io.hearth.spi.storage.LabelMatcher;
import java.util.List;

/**
 * The query language of the Prometheus HTTP API. The kernel calls it on request threads, many at
 * once. Evaluation of queries joins this contract when the server serves {@code query} and
 * {@code query_range}; today it parses selectors and formats expressions.
 */
public interface QueryEngine {

    /**
     * Parses a series selector such as {@code up{job="api"}} or {@code {__name__=~"http_.*"}}, as
     * the {@code match[]} parameter carries it.
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
}
