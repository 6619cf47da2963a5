package io.hearth.promql.storage;

import io.hearth.promql.ast.LabelMatcher;
import java.util.List;

/**
 * What the PromQL evaluator reads: series matching label matchers with samples in a time range.
 *
 * <p>This is deliberately the smallest contract the evaluator needs, so that a thin adapter over
 * the storage SPI ({@code io.hearth.spi.storage}) can satisfy it once that lands: the adapter maps
 * {@link LabelMatcher} to the SPI's matchers, SPI label sets to {@link Labels}, and SPI chunk
 * iterators to {@link SampleIterator}. The in-memory {@link MemorySeriesSource} serves the
 * conformance runner and tests.
 */
public interface SeriesSource {
    /**
     * Series matching all matchers (an absent label has value ""), sorted by {@link Labels} order,
     * whose iterators yield at least the samples with {@code minT <= t <= maxT} (they may yield more).
     */
    List<Series> select(List<LabelMatcher> matchers, long minT, long maxT);
}
