package io.hearth.spi.storage;

/**
 * An exemplar: one observation of a series singled out with labels of its own, typically a trace
 * id, so that a dashboard can jump from a spike to a trace. Immutable; equality by content, with
 * values compared by their bits (so NaN equals NaN, as storage compares them).
 *
 * @param labels the exemplar's own labels (say {@code trace_id}); may be empty
 * @param value the observed value
 * @param timestamp milliseconds; when the sender gave none, the timestamp of the sample it came with
 * @param hasTimestamp whether the sender gave the timestamp (remote write always does; a scraped
 *     exemplar may not)
 */
public record Exemplar(Labels labels, double value, long timestamp, boolean hasTimestamp) {

    /**
     * The most UTF-8 characters (code points) an exemplar's label names and values may hold
     * together, as in OpenMetrics and Prometheus; quotes, commas and equals signs do not count.
     */
    public static final int MAX_LABEL_SET_RUNES = 128;

    public Exemplar {
        if (labels == null) {
            throw new IllegalArgumentException("an exemplar's labels are never null; use Labels.EMPTY");
        }
    }

    /** The number of code points in the label names and values together. */
    public int labelRunes() {
        int runes = 0;
        for (int i = 0; i < labels.size(); i++) {
            String n = labels.name(i);
            String v = labels.value(i);
            runes += n.codePointCount(0, n.length()) + v.codePointCount(0, v.length());
        }
        return runes;
    }

    /** Whether two exemplars are the same observation: equal labels, value bits and timestamp. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Exemplar e && e.timestamp == timestamp
                && Double.doubleToLongBits(e.value) == Double.doubleToLongBits(value) && e.labels.equals(labels);
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + Long.hashCode(timestamp) * 17 + Double.hashCode(value);
    }
}
