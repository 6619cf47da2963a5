package io.hearth.kernel.query;

import io.hearth.spi.storage.Labels;
import jakarta.json.stream.JsonGenerator;

/** A label set as the Prometheus API writes it: one JSON object, a member per label, in label order. */
public final class LabelsJson {

    private LabelsJson() {
    }

    /** Writes the label set as the object member {@code name}. */
    public static void member(JsonGenerator g, String name, Labels labels) {
        g.writeStartObject(name);
        pairs(g, labels);
    }

    /** Writes the label set as the next element of an array. */
    public static void element(JsonGenerator g, Labels labels) {
        g.writeStartObject();
        pairs(g, labels);
    }

    private static void pairs(JsonGenerator g, Labels labels) {
        for (int i = 0; i < labels.size(); i++) {
            g.write(labels.name(i), labels.value(i));
        }
        g.writeEnd();
    }
}
