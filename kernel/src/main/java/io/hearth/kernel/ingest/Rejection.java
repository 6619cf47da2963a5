package io.hearth.kernel.ingest;

/**
 * Why a series (or its points) was refused; the names are the {@code reason} label of
 * {@code hearth_ingest_rejected_total}, and for the {@code EXEMPLAR_} kinds of
 * {@code hearth_ingest_exemplars_rejected_total}.
 */
public enum Rejection {
    MISSING_METRIC_NAME("missing_metric_name"),
    INVALID_METRIC_NAME("invalid_metric_name"),
    INVALID_LABEL_NAME("invalid_label_name"),
    INVALID_LABEL_VALUE("invalid_label_value"),
    DUPLICATE_LABEL_NAMES("duplicate_label_names"),
    EMPTY_LABEL_VALUE("empty_label_value"),
    TOO_MANY_LABELS("max_label_names_per_series"),
    LABEL_NAME_TOO_LONG("label_name_too_long"),
    LABEL_VALUE_TOO_LONG("label_value_too_long"),
    TOO_FAR_IN_FUTURE("too_far_in_future"),
    TOO_OLD("too_old"),
    OUT_OF_ORDER("out_of_order"),
    DUPLICATE_TIMESTAMP("duplicate_sample_for_timestamp"),
    UNSUPPORTED_HISTOGRAM("unsupported_histogram"),
    UNSUPPORTED_DATA("unsupported_data"),
    PER_LABEL_SET_LIMIT("per_labelset_series_limit"),
    SERIES_LIMIT("max_series_per_workspace"),
    /** A whole request over the workspace's ingestion rate (Cortex's reason name). */
    RATE_LIMITED("rate_limited"),
    /** An exemplar without labels (Cortex's reason name). */
    EXEMPLAR_LABELS_MISSING("exemplar_labels_missing"),
    /** An exemplar whose labels hold more than 128 characters together (Cortex's reason name). */
    EXEMPLAR_LABELS_TOO_LONG("exemplar_labels_too_long"),
    /** An exemplar with an invalid or repeated label name, or a value that is not valid UTF-8. */
    EXEMPLAR_LABEL_INVALID("exemplar_label_invalid"),
    /** An exemplar without a timestamp (Cortex's reason name). */
    EXEMPLAR_TIMESTAMP_INVALID("exemplar_timestamp_invalid"),
    /** An exemplar older than its series's newest, refused by storage. */
    EXEMPLAR_OUT_OF_ORDER("exemplar_out_of_order"),
    /** An exemplar of a series storage does not hold. */
    EXEMPLAR_UNKNOWN_SERIES("exemplar_unknown_series");

    private final String reason;

    Rejection(String reason) {
        this.reason = reason;
    }

    /** @return the metric label value */
    public String reason() {
        return reason;
    }
}
