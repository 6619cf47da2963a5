package io.hearth.kernel.amp;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the JSON body of a control-plane request, turning every malformed or mistyped member into
 * a {@code ValidationException} that names it.
 */
public final class JsonBody {

    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    /**
     * Parses a body; an empty body is an empty object, as AWS clients send none when no member is
     * set.
     *
     * @param text the body
     * @return the parsed body
     * @throws AmpException CANNOT_PARSE when it is not a JSON object
     */
    public static JsonBody parse(String text) {
        if (text == null || text.isBlank()) {
            return new JsonBody(JsonValue.EMPTY_JSON_OBJECT);
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw AmpException.validation("CANNOT_PARSE", null, "The request body must be a JSON object");
            }
            return new JsonBody(value.asJsonObject());
        } catch (JsonParsingException e) {
            throw AmpException.validation("CANNOT_PARSE", null, "The request body is not valid JSON: " + e.getMessage());
        } catch (JsonException e) {
            throw AmpException.validation("CANNOT_PARSE", null, "The request body is not valid JSON");
        }
    }

    /** @return the member as a string, or null when absent or null */
    public String string(String name) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw AmpException.validation("CANNOT_PARSE", name, "Member '" + name + "' must be a string");
    }

    /** @return the member as an integer, or null when absent or null */
    public Long integer(String name) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                throw AmpException.validation("CANNOT_PARSE", name, "Member '" + name + "' is out of range");
            }
        }
        throw AmpException.validation("CANNOT_PARSE", name, "Member '" + name + "' must be an integer");
    }

    /** @return the member as a map of strings, or null when absent or null */
    public Map<String, String> stringMap(String name) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw AmpException.validation("CANNOT_PARSE", name, "Member '" + name + "' must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> entry : value.asJsonObject().entrySet()) {
            if (!(entry.getValue() instanceof JsonString s)) {
                throw AmpException.validation("CANNOT_PARSE", name, "Member '" + name + "' must be an object of strings");
            }
            map.put(entry.getKey(), s.getString());
        }
        return map;
    }

    /** @return the raw member, or null when absent or null */
    public JsonValue raw(String name) {
        JsonValue value = object.get(name);
        return value == JsonValue.NULL ? null : value;
    }
}
