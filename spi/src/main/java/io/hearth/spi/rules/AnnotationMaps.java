package io.hearth.spi.rules;

import io.hearth.spi.storage.Labels;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Annotations as the rule records keep them: name to text, in name order, unmodifiable. Unlike
 * {@link Labels}, a value may be empty: Prometheus keeps an annotation whose template expands to
 * {@code ""} (and shows and sends it).
 */
final class AnnotationMaps {

    private AnnotationMaps() {
    }

    /** An unmodifiable sorted copy; throws IllegalArgumentException on a null or empty name or a null value. */
    static SortedMap<String, String> copyOf(Map<String, String> annotations) {
        if (annotations == null) {
            throw new IllegalArgumentException("annotations may not be null");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new IllegalArgumentException("an annotation needs a non-empty name and a value");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /** The annotations a label set holds (none with an empty value). */
    static Map<String, String> of(Labels labels) {
        if (labels == null) {
            throw new IllegalArgumentException("annotations may not be null");
        }
        return labels.toMap();
    }
}
