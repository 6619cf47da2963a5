package io.hearth.auth.sigv4.json;

import io.hearth.auth.sigv4.json.JsonValue.JsonArray;
import io.hearth.auth.sigv4.json.JsonValue.JsonBoolean;
import io.hearth.auth.sigv4.json.JsonValue.JsonNull;
import io.hearth.auth.sigv4.json.JsonValue.JsonNumber;
import io.hearth.auth.sigv4.json.JsonValue.JsonObject;
import io.hearth.auth.sigv4.json.JsonValue.JsonString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader (RFC 8259) for small documents such as policies.
 *
 * <p>Strict means: exactly one value with only JSON whitespace around it; no comments, trailing
 * commas, single quotes, unquoted names, leading zeros, {@code NaN}, control characters in strings
 * or unpaired surrogates; and, beyond the RFC, no duplicate member names (a policy whose meaning
 * depends on which duplicate wins is refused) and at most {@value #MAX_DEPTH} levels of nesting.
 * Not thread-safe; each call to {@link #read} uses its own reader.
 */
public final class JsonReader {

    /** The deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;
    private int depth;

    private JsonReader(String text) {
        this.text = text;
    }

    /**
     * @param text the JSON text
     * @return the value it holds
     * @throws JsonException when the text is not strict JSON
     */
    public static JsonValue read(String text) throws JsonException {
        JsonReader reader = new JsonReader(text);
        reader.skipWhitespace();
        JsonValue value = reader.value();
        reader.skipWhitespace();
        if (reader.pos < text.length()) {
            throw reader.error("Unexpected content after the JSON value");
        }
        return value;
    }

    private JsonValue value() throws JsonException {
        if (pos >= text.length()) {
            throw error("Unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> new JsonString(string());
            case 't' -> literal("true", new JsonBoolean(true));
            case 'f' -> literal("false", new JsonBoolean(false));
            case 'n' -> literal("null", new JsonNull());
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("Unexpected character '" + printable(c) + "', expected a value");
            }
        };
    }

    private JsonObject object() throws JsonException {
        enter();
        pos++;
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("Expected a member name in double quotes");
            }
            int namePos = pos;
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            JsonValue value = value();
            if (members.putIfAbsent(name, value) != null) {
                pos = namePos;
                throw error("Duplicate member name \"" + name + "\"");
            }
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
                continue;
            }
            if (c == '}') {
                pos++;
                depth--;
                return new JsonObject(members);
            }
            throw error("Expected ',' or '}' in an object");
        }
    }

    private JsonArray array() throws JsonException {
        enter();
        pos++;
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new JsonArray(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(value());
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
                continue;
            }
            if (c == ']') {
                pos++;
                depth--;
                return new JsonArray(elements);
            }
            throw error("Expected ',' or ']' in an array");
        }
    }

    private String string() throws JsonException {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("Unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("Control character U+" + String.format("%04X", (int) c) + " must be escaped in a string");
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && pos + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(pos + 1))) {
                    out.append(c).append(text.charAt(pos + 1));
                    pos += 2;
                    continue;
                }
                throw error("Unpaired surrogate in a string");
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            pos++;
            if (pos >= text.length()) {
                throw error("Unterminated escape");
            }
            char e = text.charAt(pos);
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    char unit = unicodeEscape();
                    if (Character.isHighSurrogate(unit)) {
                        if (!text.startsWith("\\u", pos + 1)) {
                            throw error("Unpaired surrogate escape in a string");
                        }
                        pos += 2;
                        char low = unicodeEscape();
                        if (!Character.isLowSurrogate(low)) {
                            throw error("Unpaired surrogate escape in a string");
                        }
                        out.append(unit).append(low);
                    } else if (Character.isLowSurrogate(unit)) {
                        throw error("Unpaired surrogate escape in a string");
                    } else {
                        out.append(unit);
                    }
                }
                default -> throw error("Invalid escape '\\" + printable(e) + "'");
            }
            pos++;
        }
    }

    /** Reads the four hex digits after {@code \}{@code u}; leaves {@code pos} on the last digit. */
    private char unicodeEscape() throws JsonException {
        if (pos + 4 >= text.length()) {
            throw error("Truncated \\u escape");
        }
        int value = 0;
        for (int i = 1; i <= 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                pos += i;
                throw error("Invalid hex digit in \\u escape");
            }
            value = value << 4 | digit;
        }
        pos += 4;
        return (char) value;
    }

    private JsonNumber number() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("Leading zeros are not allowed in numbers");
            }
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("Expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("Expected a digit after the decimal point");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("Expected a digit in the exponent");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        return new JsonNumber(text.substring(start, pos));
    }

    private JsonValue literal(String word, JsonValue value) throws JsonException {
        if (!text.startsWith(word, pos)) {
            throw error("Unexpected characters, expected '" + word + "'");
        }
        pos += word.length();
        return value;
    }

    private void enter() throws JsonException {
        if (++depth > MAX_DEPTH) {
            throw error("Nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expect(char c) throws JsonException {
        if (peek() != c) {
            throw error("Expected '" + c + "'");
        }
        pos++;
    }

    /** @return the current character, or {@code \0} at the end (never valid where a character is expected) */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : String.valueOf(c);
    }

    private JsonException error(String message) {
        int line = 1;
        int column = 1;
        int end = Math.min(pos, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new JsonException(message, line, column);
    }
}
