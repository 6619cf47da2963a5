package io.hearth.spi.rules;

import io.hearth.spi.storage.Labels;

/**
 * One rule of a group, as written in a Prometheus rule file. Durations are in milliseconds;
 * label and annotation values are still templates, expanded by the evaluator.
 */
public sealed interface Rule permits Rule.Recording, Rule.Alerting {

    /** @return the recorded metric name or the alert name */
    String name();

    /** @return the PromQL expression */
    String expression();

    /** @return labels added to (or overriding those of) every result */
    Labels labels();

    /**
     * A recording rule: its results are appended to storage under {@link #name()}.
     *
     * @param name the metric name the results are recorded as
     * @param expression the PromQL expression
     * @param labels labels set on every result
     */
    record Recording(String name, String expression, Labels labels) implements Rule {
        public Recording {
            if (name == null || expression == null || labels == null) {
                throw new IllegalArgumentException("no field of a recording rule may be null");
            }
        }
    }

    /**
     * An alerting rule: every result element is an alert, pending until it has been active for
     * {@code forMillis}, then firing; it keeps firing {@code keepFiringForMillis} after it stops
     * being returned.
     *
     * @param name the alert name ({@code alertname} label)
     * @param expression the PromQL expression
     * @param forMillis how long an alert stays pending before firing; 0 fires at once
     * @param keepFiringForMillis how long a firing alert keeps firing after it is no longer returned
     * @param labels label templates set on every alert
     * @param annotations annotation templates of every alert, in name order; a template may be
     *     empty, and the annotation is kept with an empty text, as in Prometheus
     */
    record Alerting(String name, String expression, long forMillis, long keepFiringForMillis, Labels labels,
            java.util.Map<String, String> annotations) implements Rule {
        public Alerting {
            if (name == null || expression == null || labels == null || annotations == null) {
                throw new IllegalArgumentException("no field of an alerting rule may be null");
            }
            annotations = AnnotationMaps.copyOf(annotations);
            if (forMillis < 0 || keepFiringForMillis < 0) {
                throw new IllegalArgumentException("negative for or keep_firing_for");
            }
        }

        /** An alerting rule whose annotation templates are a label set (so none is empty). */
        public Alerting(String name, String expression, long forMillis, long keepFiringForMillis, Labels labels,
                Labels annotations) {
            this(name, expression, forMillis, keepFiringForMillis, labels, AnnotationMaps.of(annotations));
        }
    }
}
