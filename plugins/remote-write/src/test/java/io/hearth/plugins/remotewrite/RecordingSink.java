package io.hearth.plugins.remotewrite;

import io.hearth.spi.ingest.NativeHistogram;
import io.hearth.spi.ingest.WriteSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sink that keeps what it is given, as plain values, for assertions. */
final class RecordingSink implements WriteSink {

    record Series(Map<String, String> labels, List<long[]> samples, List<NativeHistogram> histograms,
            List<String> exemplars, long createdTimestamp) {
    }

    final List<Series> series = new ArrayList<>();
    final List<String> metadata = new ArrayList<>();
    private Map<String, String> labels;
    private List<long[]> samples;
    private List<NativeHistogram> histograms;
    private List<String> exemplars;
    private long created;

    @Override
    public void beginSeries() {
        labels = new LinkedHashMap<>();
        samples = new ArrayList<>();
        histograms = new ArrayList<>();
        exemplars = new ArrayList<>();
        created = 0;
    }

    @Override
    public void label(String name, String value) {
        labels.put(name, value);
    }

    @Override
    public void sample(long timestampMillis, double value) {
        samples.add(new long[] {timestampMillis, Double.doubleToRawLongBits(value)});
    }

    @Override
    public void histogram(NativeHistogram histogram) {
        histograms.add(histogram);
    }

    @Override
    public void exemplar(String[] labelPairs, long timestampMillis, double value) {
        exemplars.add(String.join(",", labelPairs) + "@" + timestampMillis + "=" + value);
    }

    @Override
    public void createdTimestamp(long timestampMillis) {
        created = timestampMillis;
    }

    @Override
    public void endSeries() {
        series.add(new Series(labels, samples, histograms, exemplars, created));
    }

    @Override
    public void metadata(String metricFamily, String type, String help, String unit) {
        metadata.add(metricFamily + "|" + type + "|" + help + "|" + unit);
    }

    Series named(String name) {
        return series.stream().filter(s -> name.equals(s.labels().get("__name__"))).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + name + " among " + series.size()));
    }

    /** Everything received, as text built from copies, to compare what was decoded before and after. */
    String describe() {
        StringBuilder out = new StringBuilder();
        for (Series s : series) {
            out.append(s.labels()).append(' ');
            s.samples().forEach(sample -> out.append(java.util.Arrays.toString(sample)));
            for (NativeHistogram h : s.histograms()) {
                out.append(" h:").append(h.schema()).append('/').append(h.count()).append('/').append(h.sum()).append('/')
                        .append(h.zeroCount()).append(java.util.Arrays.toString(h.positiveSpans()))
                        .append(java.util.Arrays.toString(h.positiveCounts()));
            }
            out.append(' ').append(s.exemplars()).append(' ').append(s.createdTimestamp()).append('\n');
        }
        return out.append(metadata).toString();
    }
}
