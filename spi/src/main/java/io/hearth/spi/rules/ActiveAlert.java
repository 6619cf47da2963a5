package io.hearth.spi.rules;

import io.hearth.spi.storage.Labels;
import java.util.Map;

/**
 * An alert the evaluator is tracking, as {@code /api/v1/alerts} and {@code /api/v1/rules} show it.
 *
 * @param labels the alert's labels, {@code alertname} included
 * @param annotations the expanded annotations, in name order; a value may be empty
 * @param state pending or firing
 * @param activeAtMillis when it first became active
 * @param value the sample value of the expression result that produced it
 * @param keepFiringSinceMillis when it started being kept firing by {@code keep_firing_for}, 0 if not
 */
public record ActiveAlert(Labels labels, Map<String, String> annotations, AlertState state, long activeAtMillis,
        double value, long keepFiringSinceMillis) {

    public ActiveAlert {
        if (labels == null || annotations == null || state == null) {
            throw new IllegalArgumentException("no field of an active alert may be null");
        }
        annotations = AnnotationMaps.copyOf(annotations);
    }

    /** An active alert whose annotations are a label set (so none is empty). */
    public ActiveAlert(Labels labels, Labels annotations, AlertState state, long activeAtMillis, double value,
            long keepFiringSinceMillis) {
        this(labels, AnnotationMaps.of(annotations), state, activeAtMillis, value, keepFiringSinceMillis);
    }
}
