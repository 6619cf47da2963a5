package io.hearth.kernel.ingest;

import io.hearth.spi.ingest.NativeHistogram;
import io.hearth.spi.ingest.WriteSink;
import io.hearth.spi.storage.Exemplar;
import io.hearth.spi.storage.Labels;
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
 * <p>The float samples of all accepted series share two request-wide arrays (each series holds
 * its range), and per-series scratch is reused, so that a series of one sample costs its sorted
 * label array and its {@link AcceptedSeries} and nothing else.
 *
 * <p>One instance per request; not thread-safe.
 */
public final class ValidatingSink implements WriteSink {

    private static final long[] NO_TIMESTAMPS = new long[0];
    private static final double[] NO_VALUES = new double[0];
    private static final int MIN_SAMPLES = 256;
    // A larger request grows its arrays as before; this only bounds what a hint preallocates.
    private static final int MAX_PRESIZED_SAMPLES = 1 << 16;
    private static final int MAX_PRESIZED_SERIES = 1 << 14;

    private final IngestLimits limits;
    private final long nowMillis;
    private final long oldestMillis;
    private final ReplicaDeduplication replicas;
    private final PassedNames labelNames;
    private final PassedNames metricNames;

    private String[] labels = new String[32];
    private int labelCount;
    // samples of the accepted series so far, then the current series's from seriesStart on
    private long[] timestamps;
    private double[] values;
    private int seriesStart;
    private int sampleCount;
    private final List<NativeHistogram> histograms = new ArrayList<>();
    private long createdTimestamp;
    private List<String[]> exemplarLabels = new ArrayList<>(0);
    private long[] exemplarTimestamps = new long[4];
    private double[] exemplarValues = new double[4];

    private final List<AcceptedSeries> accepted;
    private final List<AcceptedSeries> exemplarsOnly = new ArrayList<>(0);
    private final Map<Rejection, Long> rejectedPoints = new EnumMap<>(Rejection.class);
    private final Map<Rejection, Long> rejectedExemplars = new EnumMap<>(Rejection.class);
    private final List<String> messages = new ArrayList<>();
    private final List<String[]> metadata = new ArrayList<>();

    // The label names, in order, of a series that arrived sorted and whose names all passed: a
    // series naming the same String instances in the same order (codecs hand out one instance per
    // repeated name) needs no sort and no name check, only its values checked. Null until one passed.
    private String[] passedShape;
    // that shape's metric name label (its "__name__" instance), or null when it has none
    private String passedShapeMetricLabel;
    // whether that shape names both HA labels, so that ReplicaDeduplication has a series to judge
    private boolean passedShapeMayBeReplica;
    // set by sortedPairs: whether two labels had the same name
    private boolean sawEqualNames;

    /**
     * @param limits the rules
     * @param nowMillis the server's clock at the request
     * @param retentionMillis samples older than {@code now - retention} are refused
     */
    public ValidatingSink(IngestLimits limits, long nowMillis, long retentionMillis) {
        this(limits, nowMillis, retentionMillis, null, new PassedNames(64), new PassedNames(256), 0, 0);
    }

    /**
     * @param limits the rules
     * @param nowMillis the server's clock at the request
     * @param retentionMillis samples older than {@code now - retention} are refused
     * @param replicas HA deduplication, applied before validation (so the replica label counts
     *     towards no limit), or null when it is off
     * @param labelNames label names known to pass under {@code limits}, shared between requests
     * @param metricNames metric names known to pass under {@code limits}, shared between requests
     * @param expectedPoints about how many points the request holds (a recent request's count), to
     *     size the sample arrays once instead of doubling them up; 0 when unknown
     * @param expectedSeries about how many series it holds, likewise
     */
    public ValidatingSink(IngestLimits limits, long nowMillis, long retentionMillis, ReplicaDeduplication replicas,
            PassedNames labelNames, PassedNames metricNames, int expectedPoints, int expectedSeries) {
        this.limits = limits;
        this.nowMillis = nowMillis;
        this.oldestMillis = nowMillis - retentionMillis;
        this.replicas = replicas;
        this.labelNames = labelNames;
        this.metricNames = metricNames;
        // an eighth more than expected, so that a batch a little larger than the last does not double
        int samples = (int) Math.clamp(expectedPoints + (long) expectedPoints / 8, MIN_SAMPLES, MAX_PRESIZED_SAMPLES);
        this.timestamps = new long[samples];
        this.values = new double[samples];
        this.accepted = new ArrayList<>(Math.clamp(expectedSeries + (long) expectedSeries / 8, 10, MAX_PRESIZED_SERIES));
    }

    @Override
    public void beginSeries() {
        labelCount = 0;
        sampleCount = 0;
        if (!histograms.isEmpty()) {
            histograms.clear();
        }
        createdTimestamp = 0;
        if (!exemplarLabels.isEmpty()) {
            exemplarLabels.clear();
        }
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
        int at = seriesStart + sampleCount;
        if (at == timestamps.length) {
            // earlier series keep the old arrays, whose ranges stay as they were
            timestamps = Arrays.copyOf(timestamps, at * 2);
            values = Arrays.copyOf(values, at * 2);
        }
        timestamps[at] = timestampMillis;
        values[at] = value;
        sampleCount++;
    }

    @Override
    public void histogram(NativeHistogram histogram) {
        histograms.add(histogram);
    }

    @Override
    public void exemplar(String[] labelPairs, long timestampMillis, double value) {
        int i = exemplarLabels.size();
        if (i == exemplarTimestamps.length) {
            exemplarTimestamps = Arrays.copyOf(exemplarTimestamps, i * 2);
            exemplarValues = Arrays.copyOf(exemplarValues, i * 2);
        }
        exemplarLabels.add(labelPairs);
        exemplarTimestamps[i] = timestampMillis;
        exemplarValues[i] = value;
    }

    @Override
    public void endSeries() {
        boolean passedNames = hasPassedShape();
        String[] pairs = passedNames ? Arrays.copyOf(labels, labelCount) : sortedPairs();
        String[] received = pairs;
        int points = sampleCount + histograms.size();
        if (replicas != null && (!passedNames || passedShapeMayBeReplica)) {
            pairs = replicas.admit(pairs, sampleCount, histograms.size());
            if (pairs == null) {
                return;
            }
        }
        Rejection problem = passedNames ? checkValues(pairs) : checkLabels(pairs);
        if (problem == null && !passedNames) {
            rememberShape(received);
        }
        if (problem != null) {
            reject(problem, points, AcceptedSeries.describe(pairs) + ": " + explain(problem, pairs));
            return;
        }
        int kept = 0;
        for (int i = seriesStart; i < seriesStart + sampleCount; i++) {
            Rejection timing = checkTime(timestamps[i]);
            if (timing != null) {
                reject(timing, 1, AcceptedSeries.describe(pairs) + ": sample at " + timestamps[i] + " is " + explainTime(timing));
            } else {
                timestamps[seriesStart + kept] = timestamps[i];
                values[seriesStart + kept++] = values[i];
            }
        }
        List<NativeHistogram> keptHistograms = List.of();
        if (!histograms.isEmpty()) {
            List<NativeHistogram> inTime = new ArrayList<>(histograms.size());
            for (NativeHistogram h : histograms) {
                Rejection timing = checkTime(h.timestampMillis());
                if (timing != null) {
                    reject(timing, 1, AcceptedSeries.describe(pairs) + ": histogram at " + h.timestampMillis() + " is "
                            + explainTime(timing));
                } else {
                    inTime.add(h);
                }
            }
            keptHistograms = List.copyOf(inTime);
        }
        if (kept > 0 || !keptHistograms.isEmpty()) {
            accepted.add(new AcceptedSeries(pairs, timestamps, values, seriesStart, kept, keptHistograms,
                    validExemplars(pairs), createdTimestamp));
            seriesStart += kept;
        } else if (sampleCount == 0 && histograms.isEmpty() && !exemplarLabels.isEmpty()) {
            // Prometheus's remote write 1.0 sends each exemplar in a series entry of its own, without samples
            List<Exemplar> valid = validExemplars(pairs);
            if (!valid.isEmpty()) {
                exemplarsOnly.add(new AcceptedSeries(pairs, NO_TIMESTAMPS, NO_VALUES, 0, List.of(), valid));
            }
        }
    }

    /**
     * The series's exemplars that pass Cortex's checks (labels present, valid and at most 128
     * characters together, a timestamp); the others are refused one by one, with Cortex's
     * messages, and the series stays.
     */
    private List<Exemplar> validExemplars(String[] series) {
        if (exemplarLabels.isEmpty()) {
            return List.of();
        }
        List<Exemplar> valid = new ArrayList<>(exemplarLabels.size());
        for (int i = 0; i < exemplarLabels.size(); i++) {
            String[] pairs = exemplarLabels.get(i);
            long t = exemplarTimestamps[i];
            Labels labels = null;
            Rejection problem = null;
            try {
                labels = Labels.of(pairs);
                for (int k = 0; k < pairs.length && problem == null; k += 2) {
                    if (!validLabelName(pairs[k])) {
                        problem = Rejection.EXEMPLAR_LABEL_INVALID;
                    }
                }
            } catch (IllegalArgumentException e) {
                problem = Rejection.EXEMPLAR_LABEL_INVALID; // a repeated or empty name, or broken UTF-16
            }
            if (problem == null && labels.isEmpty()) {
                problem = Rejection.EXEMPLAR_LABELS_MISSING;
            } else if (problem == null && t == 0) {
                problem = Rejection.EXEMPLAR_TIMESTAMP_INVALID;
            }
            Exemplar exemplar = problem == null ? new Exemplar(labels, exemplarValues[i], t, true) : null;
            if (exemplar != null && exemplar.labelRunes() > Exemplar.MAX_LABEL_SET_RUNES) {
                problem = Rejection.EXEMPLAR_LABELS_TOO_LONG;
            }
            if (problem != null) {
                rejectExemplar(problem, explainExemplar(problem) + ", timestamp: " + t + " series: "
                        + AcceptedSeries.describe(series) + " labels: " + describeExemplarLabels(pairs));
            } else {
                valid.add(exemplar);
            }
        }
        return valid;
    }

    private static String explainExemplar(Rejection problem) {
        return switch (problem) {
            case EXEMPLAR_LABELS_MISSING -> "exemplar missing labels";
            case EXEMPLAR_TIMESTAMP_INVALID -> "exemplar missing timestamp";
            case EXEMPLAR_LABELS_TOO_LONG -> "exemplar combined labelset exceeds " + Exemplar.MAX_LABEL_SET_RUNES + " characters";
            default -> "exemplar with an invalid label";
        };
    }

    private static String describeExemplarLabels(String[] pairs) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(pairs[i]).append("=\"").append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append('}').toString();
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

    /**
     * @return the series that came with exemplars and no samples or histograms, with their valid
     *     exemplars, in request order; they create no series and go through no series limit
     */
    public List<AcceptedSeries> exemplarsOnly() {
        return exemplarsOnly;
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

    /** @return exemplars refused, by reason */
    public Map<Rejection, Long> rejectedExemplars() {
        return rejectedExemplars;
    }

    /** Records a refused exemplar (found here or by storage); its series stays. */
    public void rejectExemplar(Rejection reason, String message) {
        rejectedExemplars.merge(reason, 1L, Long::sum);
        if (messages.size() < limits.maxRejectionsReported()) {
            messages.add(message);
        }
    }

    /** Records a rejection found later (by limits or by storage). */
    public void reject(Rejection reason, long points, String message) {
        rejectedPoints.merge(reason, points, Long::sum);
        if (messages.size() < limits.maxRejectionsReported()) {
            messages.add(message);
        }
    }

    /** @return whether the current series names the labels of {@link #passedShape}, the same instances in the same order */
    private boolean hasPassedShape() {
        String[] shape = passedShape;
        if (shape == null || shape.length * 2 != labelCount) {
            return false;
        }
        for (int k = 0; k < shape.length; k++) {
            if (labels[2 * k] != shape[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Remembers the names of a series that passed {@link #checkLabels}, if they arrived sorted and
     * distinct and each would pass that check on its own (the replica label, when deduplication
     * removed it, was not checked): a later series naming them in the same order needs neither.
     *
     * @param sorted the series's labels as {@link #sortedPairs} gave them, before deduplication
     */
    private void rememberShape(String[] sorted) {
        if (sawEqualNames) {
            return;
        }
        for (int k = 0; k < labelCount; k += 2) {
            if (labels[k] != sorted[k]) {
                return; // arrived unsorted: a later series in the same order would still need the sort
            }
        }
        String[] names = new String[sorted.length / 2];
        String metricLabel = null;
        for (int k = 0; k < names.length; k++) {
            String name = sorted[2 * k];
            if (name.length() > limits.maxLabelNameLength()) {
                return;
            }
            if (name.equals("__name__")) {
                metricLabel = name;
            } else if (!validLabelName(name)) {
                return;
            }
            names[k] = name;
        }
        passedShape = names;
        passedShapeMetricLabel = metricLabel;
        passedShapeMayBeReplica = replicas != null && replicas.namesBoth(sorted);
    }

    /**
     * {@link #checkLabels} for a series of the passed shape, whose names are sorted, distinct and
     * valid (the replica label, when removed, leaves them so): the same checks on values, in the
     * same order, so the same reason comes out.
     */
    private Rejection checkValues(String[] pairs) {
        String metricName = null;
        if (pairs.length / 2 > limits.maxLabelNamesPerSeries()) {
            return Rejection.TOO_MANY_LABELS;
        }
        int maxValueLength = limits.maxLabelValueLength();
        for (int i = 0; i < pairs.length; i += 2) {
            String value = pairs[i + 1];
            if (value.length() > maxValueLength) {
                return Rejection.LABEL_VALUE_TOO_LONG;
            }
            if (pairs[i] == passedShapeMetricLabel) {
                metricName = value;
            }
            if (value.isEmpty()) {
                return Rejection.EMPTY_LABEL_VALUE;
            }
        }
        return metricNameRejection(metricName);
    }

    /**
     * The labels as name, value pairs sorted by name: an insertion sort, as series have few labels.
     * Sets {@link #sawEqualNames}: a name equal to one already placed stops its insertion next to
     * it, so any two equal names are compared once.
     */
    private String[] sortedPairs() {
        String[] pairs = Arrays.copyOf(labels, labelCount);
        boolean equalNames = false;
        for (int i = 2; i < pairs.length; i += 2) {
            String name = pairs[i];
            String value = pairs[i + 1];
            int j = i - 2;
            int order = 0;
            while (j >= 0 && (order = pairs[j].compareTo(name)) > 0) {
                pairs[j + 2] = pairs[j];
                pairs[j + 3] = pairs[j + 1];
                j -= 2;
            }
            equalNames |= j >= 0 && order == 0;
            pairs[j + 2] = name;
            pairs[j + 3] = value;
        }
        sawEqualNames = equalNames;
        return pairs;
    }

    /** @param pairs the output of {@link #sortedPairs}, perhaps without its replica label */
    private Rejection checkLabels(String[] pairs) {
        String metricName = null;
        if (pairs.length / 2 > limits.maxLabelNamesPerSeries()) {
            return Rejection.TOO_MANY_LABELS;
        }
        for (int i = 0; i < pairs.length; i += 2) {
            String name = pairs[i];
            String value = pairs[i + 1];
            if (i > 0 && sawEqualNames && name.equals(pairs[i - 2])) {
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
        return metricNameRejection(metricName);
    }

    /** Why a series with this metric name (null when it has none) is rejected, or null. */
    private Rejection metricNameRejection(String metricName) {
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
        if (limits.utf8Names() || metricNames.contains(name)) {
            return true;
        }
        if (!classicMetricName(name)) {
            return false;
        }
        metricNames.add(name);
        return true;
    }

    private static boolean classicMetricName(String name) {
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
        if (limits.utf8Names() || labelNames.contains(name)) {
            return true;
        }
        if (!classicLabelName(name)) {
            return false;
        }
        labelNames.add(name);
        return true;
    }

    private static boolean classicLabelName(String name) {
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
