package io.hearth.plugins.notifier;

import io.hearth.spi.storage.Labels;
import java.nio.charset.StandardCharsets;

/**
 * Writes one JSON document into a buffer: objects, arrays, strings, numbers. Commas are placed
 * for the caller; nesting is the caller's to keep right. Not thread-safe; one per body.
 */
public final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(1024);
    private long firstFlags = 1; // bit d: the container at depth d has no element yet
    private int depth;
    private boolean afterName;

    /** Starts an object as a value. */
    public JsonWriter beginObject() {
        return open('{');
    }

    /** Ends the innermost object. */
    public JsonWriter endObject() {
        return close('}');
    }

    /** Starts an array as a value. */
    public JsonWriter beginArray() {
        return open('[');
    }

    /** Ends the innermost array. */
    public JsonWriter endArray() {
        return close(']');
    }

    /** Writes a member name; the next call writes its value. */
    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    /** Writes a string value. */
    public JsonWriter value(String value) {
        separate();
        string(value);
        return this;
    }

    /** Writes a number value. */
    public JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    /** Writes labels as an object of name to value, in name order. */
    public JsonWriter value(Labels labels) {
        beginObject();
        for (int i = 0; i < labels.size(); i++) {
            name(labels.name(i)).value(labels.value(i));
        }
        return endObject();
    }

    /** Writes a map of names to texts as an object, in the map's order (annotations: name order). */
    public JsonWriter value(java.util.Map<String, String> pairs) {
        beginObject();
        pairs.forEach((name, text) -> name(name).value(text));
        return endObject();
    }

    /** @return the document as UTF-8 */
    public byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private JsonWriter open(char c) {
        separate();
        out.append(c);
        depth++;
        if (depth >= 63) {
            throw new IllegalStateException("JSON nested too deep");
        }
        firstFlags |= 1L << depth;
        return this;
    }

    private JsonWriter close(char c) {
        firstFlags &= ~(1L << depth);
        depth--;
        out.append(c);
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        long bit = 1L << depth;
        if ((firstFlags & bit) != 0) {
            firstFlags &= ~bit;
        } else {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') {
                continue;
            }
            out.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            }
        }
        out.append(s, start, s.length()).append('"');
    }
}
