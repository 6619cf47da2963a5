package io.hearth.spi.query;

import java.util.List;

/**
 * A query's value with the annotations Prometheus returns beside it.
 *
 * @param value the value
 * @param warnings warnings (e.g. possible non-counters in rate)
 * @param infos informational annotations
 * @param samplesProcessed samples read from storage, for usage metering and {@code stats}
 *     ({@code totalQueryableSamples})
 * @param peakSamples the most samples the evaluation held in memory at once, for {@code stats}
 *     ({@code peakSamples})
 * @param queryableSamples Prometheus's {@code totalQueryableSamples}: a point per instant selector
 *     answer and, per step, the samples in each range window; 0 unless
 *     {@link QueryOptions#statistics} asked for it
 */
public record QueryResult(QueryValue value, List<String> warnings, List<String> infos, long samplesProcessed,
        long peakSamples, long queryableSamples) {

    public QueryResult {
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }
}
