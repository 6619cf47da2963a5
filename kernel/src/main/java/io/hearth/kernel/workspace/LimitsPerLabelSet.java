package io.hearth.kernel.workspace;

import io.hearth.kernel.amp.AmpException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code limitsPerLabelSet} member of a workspace configuration: validated against the AMP
 * model and kept as canonical JSON text (label sets with sorted names).
 */
public final class LimitsPerLabelSet {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String FIELD = "limitsPerLabelSet";

    private LimitsPerLabelSet() {
    }

    /**
     * Validates the request member and returns its canonical text.
     *
     * @param value the member as sent
     * @return canonical JSON text of the list
     * @throws AmpException a ValidationException naming the first problem
     */
    public static String canonical(JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw AmpException.validation("CANNOT_PARSE", FIELD, "limitsPerLabelSet must be a list");
        }
        JsonArrayBuilder out = Json.createArrayBuilder();
        Set<Map<String, String>> seen = new HashSet<>();
        for (JsonValue item : value.asJsonArray()) {
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                throw AmpException.validation("CANNOT_PARSE", FIELD, "each limitsPerLabelSet entry must be an object");
            }
            JsonObject entry = item.asJsonObject();
            JsonValue labelSet = entry.get("labelSet");
            JsonValue limits = entry.get("limits");
            if (labelSet == null || labelSet.getValueType() != JsonValue.ValueType.OBJECT) {
                throw AmpException.invalidField(FIELD, "each entry needs a labelSet object");
            }
            if (limits == null || limits.getValueType() != JsonValue.ValueType.OBJECT) {
                throw AmpException.invalidField(FIELD, "each entry needs a limits object");
            }
            Map<String, String> labels = new TreeMap<>();
            for (Map.Entry<String, JsonValue> label : labelSet.asJsonObject().entrySet()) {
                if (!LABEL_NAME.matcher(label.getKey()).matches()) {
                    throw AmpException.invalidField(FIELD, "label name '" + label.getKey() + "' is not a valid Prometheus label name");
                }
                if (!(label.getValue() instanceof JsonString s) || s.getString().isEmpty()) {
                    throw AmpException.invalidField(FIELD, "label '" + label.getKey() + "' needs a non-empty string value");
                }
                labels.put(label.getKey(), s.getString());
            }
            if (!seen.add(labels)) {
                throw AmpException.invalidField(FIELD, "label set " + labels + " appears more than once");
            }
            JsonObjectBuilder canonicalLimits = Json.createObjectBuilder();
            JsonValue maxSeries = limits.asJsonObject().get("maxSeries");
            if (maxSeries != null && maxSeries != JsonValue.NULL) {
                if (!(maxSeries instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0) {
                    throw AmpException.invalidField(FIELD, "maxSeries must be a whole number of at least 0");
                }
                canonicalLimits.add("maxSeries", n.longValue());
            }
            JsonObjectBuilder canonicalLabels = Json.createObjectBuilder();
            labels.forEach(canonicalLabels::add);
            out.add(Json.createObjectBuilder().add("limits", canonicalLimits).add("labelSet", canonicalLabels));
        }
        return out.build().toString();
    }

    /** @return the stored text as JSON, or an empty list when none was stored */
    public static JsonArray parse(String canonical) {
        if (canonical == null) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        try (var reader = Json.createReader(new StringReader(canonical))) {
            return reader.readArray();
        }
    }
}
