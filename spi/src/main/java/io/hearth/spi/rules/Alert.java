package io.hearth.spi.rules;

import io.hearth.spi.storage.Labels;
import java.util.Map;

/**
 * An alert as it is sent to an Alertmanager: a firing alert has an {@code endsAt} in the future
 * (Prometheus sets it to four resend intervals ahead so that an Alertmanager that stops hearing
 * about it resolves it by itself); a resolved alert has {@code endsAt} at the moment it resolved.
 *
 * @param labels the alert's labels, {@code alertname} included
 * @param annotations the expanded annotations, in name order; a value may be empty (an annotation
 *     whose template expanded to nothing), as Prometheus sends it
 * @param startsAtMillis when the alert started firing (its active-at time plus the rule's {@code for})
 * @param endsAtMillis when it ends or ended
 * @param generatorUrl a link back to the rule's expression
 */
public record Alert(Labels labels, Map<String, String> annotations, long startsAtMillis, long endsAtMillis,
        String generatorUrl) {

    public Alert {
        if (labels == null || annotations == null || generatorUrl == null) {
            throw new IllegalArgumentException("no field of an alert may be null");
        }
        annotations = AnnotationMaps.copyOf(annotations);
    }

    /** An alert whose annotations are a label set (so none is empty). */
    public Alert(Labels labels, Labels annotations, long startsAtMillis, long endsAtMillis, String generatorUrl) {
        this(labels, AnnotationMaps.of(annotations), startsAtMillis, endsAtMillis, generatorUrl);
    }

    /**
     * @param nowMillis the current time
     * @return whether the alert has ended by then
     */
    public boolean resolvedAt(long nowMillis) {
        return endsAtMillis <= nowMillis;
    }
}
