package io.hearth.spi.query;

import java.util.List;

/**
 * A query's value with the annotations Prometheus returns beside it.
 *
 * @param value the value
 * @param warnings warnings (e.g. possible non-counters in rate)
 * @param infos informational annotations
 * @param samplesProcessed samples read from storage, for usage metering and {@code stats}
 */
public record QueryResult(QueryValue value, List<String> warnings, List<String> infos, long samplesProcessed) {

    public QueryResult {
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }
}
