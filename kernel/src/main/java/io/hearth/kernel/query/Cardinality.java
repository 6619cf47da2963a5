package io.hearth.kernel.query;

import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.Querier;
import io.hearth.spi.storage.SampleIterator;
import io.hearth.spi.storage.SeriesSet;
import io.hearth.spi.storage.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The figures of {@code /api/v1/status/tsdb}, from one pass over every series of a workspace:
 * series per metric name, distinct values per label name, bytes of label values per label name,
 * series per label pair, and the time range of the samples.
 */
final class Cardinality {

    final Map<String, Long> seriesByMetricName = new HashMap<>();
    final Map<String, Set<String>> valuesByLabelName = new HashMap<>();
    final Map<String, Long> bytesByLabelName = new HashMap<>();
    final Map<String, Long> seriesByLabelPair = new HashMap<>();
    long series;
    long labelPairs;
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;

    static Cardinality of(Querier querier) {
        Cardinality c = new Cardinality();
        SeriesSet set = querier.select(ApiParameters.MIN_TIME, ApiParameters.MAX_TIME,
                List.of(LabelMatcher.regex("__name__", ".+")));
        SampleIterator iterator = null;
        Set<String> pairs = new HashSet<>();
        while (set.next()) {
            Labels labels = set.at().labels();
            c.series++;
            for (int i = 0; i < labels.size(); i++) {
                String name = labels.name(i);
                String value = labels.value(i);
                if (name.equals("__name__")) {
                    c.seriesByMetricName.merge(value, 1L, Long::sum);
                }
                c.valuesByLabelName.computeIfAbsent(name, k -> new HashSet<>()).add(value);
                c.bytesByLabelName.merge(name, (long) value.getBytes(StandardCharsets.UTF_8).length, Long::sum);
                String pair = name + "=" + value;
                c.seriesByLabelPair.merge(pair, 1L, Long::sum);
                pairs.add(pair);
            }
            iterator = set.at().iterator(iterator);
            while (iterator.next() != ValueType.NONE) {
                c.minTime = Math.min(c.minTime, iterator.timestamp());
                c.maxTime = Math.max(c.maxTime, iterator.timestamp());
            }
        }
        c.labelPairs = pairs.size();
        return c;
    }

    /** @return the {@code limit} largest entries, largest first, ties by name */
    static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int limit) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return entries.subList(0, Math.min(limit, entries.size()));
    }

    Map<String, Long> valueCountByLabelName() {
        Map<String, Long> counts = new HashMap<>();
        valuesByLabelName.forEach((name, values) -> counts.put(name, (long) values.size()));
        return counts;
    }
}
