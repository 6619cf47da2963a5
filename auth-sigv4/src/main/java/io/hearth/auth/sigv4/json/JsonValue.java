package io.hearth.auth.sigv4.json;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A parsed JSON value. Immutable; objects keep their members in document order. */
public sealed interface JsonValue {

    /** @return a short name of the JSON type, for error messages: object, array, string, number, boolean, null */
    String typeName();

    /** A JSON object; member names are unique. */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        public JsonObject {
            members = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        @Override
        public String typeName() {
            return "object";
        }
    }

    /** A JSON array. */
    record JsonArray(List<JsonValue> elements) implements JsonValue {
        public JsonArray {
            elements = List.copyOf(elements);
        }

        @Override
        public String typeName() {
            return "array";
        }
    }

    /** A JSON string, unescaped. */
    record JsonString(String value) implements JsonValue {
        public JsonString {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String typeName() {
            return "string";
        }
    }

    /** A JSON number, kept exactly as written in {@code text}. */
    record JsonNumber(String text) implements JsonValue {
        public JsonNumber {
            Objects.requireNonNull(text, "text");
        }

        /** @return the number's exact value */
        public BigDecimal value() {
            return new BigDecimal(text);
        }

        @Override
        public String typeName() {
            return "number";
        }
    }

    /** {@code true} or {@code false}. */
    record JsonBoolean(boolean value) implements JsonValue {
        @Override
        public String typeName() {
            return "boolean";
        }
    }

    /** {@code null}. */
    record JsonNull() implements JsonValue {
        @Override
        public String typeName() {
            return "null";
        }
    }
}
