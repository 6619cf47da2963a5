package io.hearth.plugins.otlp;

import io.hearth.spi.ingest.NativeHistogram;
import io.hearth.spi.ingest.WriteSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A sink that keeps what a codec gives it as plain values, and checks the call order the SPI
 * promises (labels, points and exemplars only inside a series; no label twice).
 */
final class RecordingSink implements WriteSink {

    /** One float sample; the value's bits are kept so a stale NaN stays distinguishable. */
    record Sample(long timestampMillis, long valueBits) {
        double value() {
            return Double.longBitsToDouble(valueBits);
        }
    }

    record Series(Map<String, String> labels, List<Sample> samples, List<NativeHistogram> histograms,
            List<String> exemplars, long createdTimestamp) {

        /** @return the labels as {@code {a="b", ...}} sorted by name, without the name */
        String labelText() {
            return new TreeMap<>(labels).entrySet().stream().filter(e -> !e.getKey().equals("__name__"))
                    .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(", ", "{", "}"));
        }

        double value() {
            if (samples.size() != 1) {
                throw new AssertionError("expected one sample in " + labels + ", got " + samples.size());
            }
            return samples.get(0).value();
        }
    }

    final List<Series> series = new ArrayList<>();
    final List<String> metadata = new ArrayList<>();
    /** Points the codec refused itself, and why, as the kernel would count them. */
    long refusedPoints;
    final List<String> refusals = new ArrayList<>();
    private Map<String, String> labels;
    private List<Sample> samples;
    private List<NativeHistogram> histograms;
    private List<String> exemplars;
    private long created;

    @Override
    public void beginSeries() {
        if (labels != null) {
            throw new AssertionError("beginSeries inside a series");
        }
        labels = new LinkedHashMap<>();
        samples = new ArrayList<>();
        histograms = new ArrayList<>();
        exemplars = new ArrayList<>();
        created = 0;
    }

    @Override
    public void label(String name, String value) {
        open();
        if (labels.put(name, value) != null) {
            throw new AssertionError("label " + name + " given twice");
        }
    }

    @Override
    public void sample(long timestampMillis, double value) {
        open();
        samples.add(new Sample(timestampMillis, Double.doubleToRawLongBits(value)));
    }

    @Override
    public void histogram(NativeHistogram histogram) {
        open();
        histograms.add(histogram);
    }

    @Override
    public void exemplar(String[] labelPairs, long timestampMillis, double value) {
        open();
        exemplars.add(String.join(",", labelPairs) + "@" + timestampMillis + "=" + value);
    }

    @Override
    public void createdTimestamp(long timestampMillis) {
        open();
        created = timestampMillis;
    }

    @Override
    public void endSeries() {
        open();
        series.add(new Series(labels, samples, histograms, exemplars, created));
        labels = null;
    }

    @Override
    public void refuse(long points, String reason) {
        refusedPoints += points;
        refusals.add(reason);
    }

    /** The outcome the kernel would hand back: its own figures plus this sink's refusals, first. */
    io.hearth.spi.ingest.IngestOutcome outcome(io.hearth.spi.ingest.IngestOutcome kernel) {
        List<String> reasons = new ArrayList<>(refusals);
        reasons.addAll(kernel.rejections());
        return new io.hearth.spi.ingest.IngestOutcome(kernel.samplesWritten(), kernel.histogramsWritten(),
                kernel.exemplarsWritten(), kernel.rejectedPoints() + refusedPoints, reasons);
    }

    @Override
    public void metadata(String metricFamily, String type, String help, String unit) {
        if (labels != null) {
            throw new AssertionError("metadata inside a series");
        }
        metadata.add(metricFamily + "|" + type + "|" + help + "|" + unit);
    }

    private void open() {
        if (labels == null) {
            throw new AssertionError("call outside a series");
        }
    }

    /** @return the only series of that name */
    Series named(String name) {
        List<Series> found = all(name);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " series named " + name + " among " + names());
        }
        return found.get(0);
    }

    /** @return the series of that name whose labels include the given name and value */
    Series named(String name, String label, String value) {
        return all(name).stream().filter(s -> value.equals(s.labels().get(label))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + "{" + label + "=" + value + "} among " + names()));
    }

    List<Series> all(String name) {
        return series.stream().filter(s -> name.equals(s.labels().get("__name__"))).toList();
    }

    List<String> names() {
        return series.stream().map(s -> s.labels().get("__name__")).distinct().toList();
    }
}
