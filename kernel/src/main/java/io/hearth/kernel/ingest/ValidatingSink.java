package io.hearth.kernel.ingest;

import io.hearth.spi.ingest.NativeHistogram;
import io.hearth.spi.ingest.WriteSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's side of a codec: checks each series as it completes and keeps the valid ones,
 * so that nothing is stored until the whole request has decoded. A refused series is counted by
 * reason and the first few are named for the client; the other series of the request go on.
 *
 * <p>One instance per request; not thread-safe.
 */
public final class ValidatingSink implements WriteSink {

    private final IngestLimits limits;
    private final long nowMillis;
    private final long oldestMillis;
    private final ReplicaDeduplication replicas;

    private String[] labels = new String[32];
    private int labelCount;
    private long[] timestamps = new long[64];
    private double[] values = new double[64];
    private int sampleCount;
    private List<NativeHistogram> histograms = new ArrayList<>();
    private int exemplarCount;
    private long createdTimestamp;

    private final List<AcceptedSeries> accepted = new ArrayList<>();
    private final Map<Rejection, Long> rejectedPoints = new EnumMap<>(Rejection.class);
    private final List<String> messages = new ArrayList<>();
    private final List<String[]> metadata = new ArrayList<>();

    /**
     * @param limits the rules
     * @param nowMillis the server's clock at the request
     * @param retentionMillis samples older than {@code now - retention} are refused
     */
    public ValidatingSink(IngestLimits limits, long nowMillis, long retentionMillis) {
        this(limits, nowMillis, retentionMillis, null);
    }

    /**
     * @param limits the rules
     * @param nowMillis the server's clock at the request
     * @param retentionMillis samples older than {@code now - retention} are refused
     * @param replicas HA deduplication, applied before validation (so the replica label counts
     *     towards no limit), or null when it is off
     */
    ValidatingSink(IngestLimits limits, long nowMillis, long retentionMillis, ReplicaDeduplication replicas) {
        this.limits = limits;
        this.nowMillis = nowMillis;
        this.oldestMillis = nowMillis - retentionMillis;
        this.replicas = replicas;
    }

    @Override
    public void beginSeries() {
        labelCount = 0;
        sampleCount = 0;
        histograms = new ArrayList<>();
        exemplarCount = 0;
        createdTimestamp = 0;
    }

    @Override
    public void createdTimestamp(long timestampMillis) {
        createdTimestamp = timestampMillis;
    }

    @Override
    public void label(String name, String value) {
        if (labelCount + 2 > labels.length) {
            labels = Arrays.copyOf(labels, labels.length * 2);
        }
        labels[labelCount++] = name;
        labels[labelCount++] = value;
    }

    @Override
    public void sample(long timestampMillis, double value) {
        if (sampleCount == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, sampleCount * 2);
            values = Arrays.copyOf(values, sampleCount * 2);
        }
        timestamps[sampleCount] = timestampMillis;
        values[sampleCount++] = value;
    }

    @Override
    public void histogram(NativeHistogram histogram) {
        histograms.add(histogram);
    }

    @Override
    public void exemplar(String[] labelPairs, long timestampMillis, double value) {
        exemplarCount++;
    }

    @Override
    public void endSeries() {
        String[] pairs = sortedPairs();
        int points = sampleCount + histograms.size();
        if (replicas != null) {
            pairs = replicas.admit(pairs, sampleCount, histograms.size());
            if (pairs == null) {
                return;
            }
        }
        Rejection problem = checkLabels(pairs);
        if (problem != null) {
            reject(problem, points, AcceptedSeries.describe(pairs) + ": " + explain(problem, pairs));
            return;
        }
        int kept = 0;
        for (int i = 0; i < sampleCount; i++) {
            Rejection timing = checkTime(timestamps[i]);
            if (timing != null) {
                reject(timing, 1, AcceptedSeries.describe(pairs) + ": sample at " + timestamps[i] + " is " + explainTime(timing));
            } else {
                timestamps[kept] = timestamps[i];
                values[kept++] = values[i];
            }
        }
        List<NativeHistogram> keptHistograms = new ArrayList<>(histograms.size());
        for (NativeHistogram h : histograms) {
            Rejection timing = checkTime(h.timestampMillis());
            if (timing != null) {
                reject(timing, 1, AcceptedSeries.describe(pairs) + ": histogram at " + h.timestampMillis() + " is "
                        + explainTime(timing));
            } else {
                keptHistograms.add(h);
            }
        }
        if (kept > 0 || !keptHistograms.isEmpty()) {
            accepted.add(new AcceptedSeries(pairs, Arrays.copyOf(timestamps, kept), Arrays.copyOf(values, kept), kept,
                    List.copyOf(keptHistograms), exemplarCount, createdTimestamp));
        }
    }

    @Override
    public void refuse(long points, String reason) {
        reject(Rejection.UNSUPPORTED_DATA, points, reason);
    }

    @Override
    public void metadata(String metricFamily, String type, String help, String unit) {
        metadata.add(new String[] {metricFamily, type, help, unit});
    }

    /** @return the series that passed, in request order */
    public List<AcceptedSeries> accepted() {
        return accepted;
    }

    /** @return metadata entries as family, type, help, unit */
    public List<String[]> metadata() {
        return metadata;
    }

    /** @return points refused, by reason */
    public Map<Rejection, Long> rejectedPoints() {
        return rejectedPoints;
    }

    /** @return the first few rejections, each naming its series */
    public List<String> messages() {
        return messages;
    }

    /** Records a rejection found later (by limits or by storage). */
    public void reject(Rejection reason, long points, String message) {
        rejectedPoints.merge(reason, points, Long::sum);
        if (messages.size() < limits.maxRejectionsReported()) {
            messages.add(message);
        }
    }

    /** The labels as name, value pairs sorted by name: an insertion sort, as series have few labels. */
    private String[] sortedPairs() {
        String[] pairs = Arrays.copyOf(labels, labelCount);
        for (int i = 2; i < pairs.length; i += 2) {
            String name = pairs[i];
            String value = pairs[i + 1];
            int j = i - 2;
            while (j >= 0 && pairs[j].compareTo(name) > 0) {
                pairs[j + 2] = pairs[j];
                pairs[j + 3] = pairs[j + 1];
                j -= 2;
            }
            pairs[j + 2] = name;
            pairs[j + 3] = value;
        }
        return pairs;
    }

    private Rejection checkLabels(String[] pairs) {
        String metricName = null;
        if (pairs.length / 2 > limits.maxLabelNamesPerSeries()) {
            return Rejection.TOO_MANY_LABELS;
        }
        for (int i = 0; i < pairs.length; i += 2) {
            String name = pairs[i];
            String value = pairs[i + 1];
            if (i > 0 && name.equals(pairs[i - 2])) {
                return Rejection.DUPLICATE_LABEL_NAMES;
            }
            if (name.length() > limits.maxLabelNameLength()) {
                return Rejection.LABEL_NAME_TOO_LONG;
            }
            if (value.length() > limits.maxLabelValueLength()) {
                return Rejection.LABEL_VALUE_TOO_LONG;
            }
            if (name.equals("__name__")) {
                metricName = value;
            } else if (!validLabelName(name)) {
                return Rejection.INVALID_LABEL_NAME;
            }
            if (value.isEmpty()) {
                return Rejection.EMPTY_LABEL_VALUE;
            }
        }
        if (metricName == null || metricName.isEmpty()) {
            return Rejection.MISSING_METRIC_NAME;
        }
        if (!validMetricName(metricName)) {
            return Rejection.INVALID_METRIC_NAME;
        }
        return null;
    }

    private Rejection checkTime(long timestamp) {
        if (timestamp > nowMillis + limits.maxFutureMillis()) {
            return Rejection.TOO_FAR_IN_FUTURE;
        }
        if (timestamp < oldestMillis) {
            return Rejection.TOO_OLD;
        }
        return null;
    }

    private String explain(Rejection problem, String[] pairs) {
        return switch (problem) {
            case TOO_MANY_LABELS -> "series has " + pairs.length / 2 + " labels, more than the limit of "
                    + limits.maxLabelNamesPerSeries();
            case DUPLICATE_LABEL_NAMES -> "duplicate label name";
            case LABEL_NAME_TOO_LONG -> "label name longer than " + limits.maxLabelNameLength() + " characters";
            case LABEL_VALUE_TOO_LONG -> "label value longer than " + limits.maxLabelValueLength() + " characters";
            case INVALID_LABEL_NAME -> "invalid label name";
            case EMPTY_LABEL_VALUE -> "label with an empty value";
            case MISSING_METRIC_NAME -> "missing metric name (__name__)";
            case INVALID_METRIC_NAME -> "invalid metric name";
            default -> problem.reason();
        };
    }

    private static String explainTime(Rejection timing) {
        return timing == Rejection.TOO_FAR_IN_FUTURE ? "too far in the future" : "older than the workspace's retention";
    }

    private boolean validMetricName(String name) {
        if (limits.utf8Names()) {
            return true;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private boolean validLabelName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        if (limits.utf8Names()) {
            return true;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
