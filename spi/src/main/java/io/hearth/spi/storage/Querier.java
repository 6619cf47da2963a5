package io.hearth.spi.storage;

import java.util.List;

/**
 * A read view of one workspace's storage over a time range, from
 * {@link WorkspaceStorage#querier(long, long)}.
 *
 * <p>The PromQL evaluator opens one per query, calls {@link #select} once per vector or matrix
 * selector, and closes it when the result is built; the querier may pin resources (index readers,
 * chunk snapshots) until then. A querier sees every append acknowledged before it was opened and
 * possibly later ones. A querier may be used by one thread at a time; the series sets it returns
 * may be consumed in any order.
 */
public interface Querier extends AutoCloseable {

    /**
     * The series whose labels satisfy every matcher and that have samples in
     * {@code [minT, maxT]} (intersected with the querier's range), sorted by labels.
     *
     * @param matchers conjunction of matchers; an empty list selects every series
     */
    SeriesSet select(long minT, long maxT, List<LabelMatcher> matchers);

    /**
     * The sorted, distinct label names of the series that satisfy the matchers and may have samples
     * in the querier's range (an engine may decide by the time range of a series or chunk rather than
     * sample by sample, as Prometheus does).
     */
    List<String> labelNames(List<LabelMatcher> matchers);

    /**
     * The sorted, distinct values of label {@code name} among the series that satisfy the matchers
     * and may have samples in the querier's range (decided as for {@link #labelNames}); series
     * without the label contribute nothing.
     */
    List<String> labelValues(String name, List<LabelMatcher> matchers);

    /**
     * The exemplars with timestamps in {@code [minT, maxT]} of the series that satisfy any of the
     * selectors, one entry per series with at least one such exemplar, sorted by series labels,
     * each series's exemplars oldest first, as Prometheus's {@code query_exemplars} answers. The range
     * is intersected with the querier's, as for {@link #select}.
     *
     * <p>The default, for engines that keep no exemplars, finds none.
     *
     * @param selectors a disjunction of conjunctions of matchers, one list per selector of the query;
     *     no selectors select nothing
     */
    default List<ExemplarSeries> selectExemplars(long minT, long maxT, List<List<LabelMatcher>> selectors) {
        return List.of();
    }

    /** Releases what the querier pinned; series sets from it must not be used afterwards. */
    @Override
    void close();
}
