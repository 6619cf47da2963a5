package io.hearth.plugins.otlp;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.hearth.spi.ingest.MalformedPayloadException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * OTLP's JSON mapping: proto3 JSON (lowerCamelCase or original field names, 64-bit integers as
 * strings or numbers, enums as numbers or names) except that trace and span ids are hex, not
 * base64. The body is read strictly once into a tree, its ids are rewritten to base64, and the
 * tree is merged by protobuf's JSON parser.
 */
final class OtlpJson {

    private static final Set<String> ID_FIELDS = Set.of("traceId", "trace_id", "spanId", "span_id");
    private static final TypeAdapter<JsonElement> TREE = new Gson().getAdapter(JsonElement.class);
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpJson() {
    }

    /**
     * @param body UTF-8 JSON
     * @return the request
     * @throws MalformedPayloadException when the body is not UTF-8, not JSON, or not an
     *     ExportMetricsServiceRequest
     */
    static ExportMetricsServiceRequest parse(byte[] body) throws MalformedPayloadException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw MalformedPayloadException.malformed("JSON body is not valid UTF-8", e);
        }
        JsonElement tree;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            tree = TREE.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw MalformedPayloadException.malformed("JSON body has content after its top-level value", null);
            }
        } catch (IOException | RuntimeException e) {
            throw MalformedPayloadException.malformed("body is not valid JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isJsonObject()) {
            throw MalformedPayloadException.malformed("JSON body is not an object (an ExportMetricsServiceRequest)", null);
        }
        hexIdsToBase64(tree);
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        try {
            PARSER.merge(tree.toString(), request);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw MalformedPayloadException.malformed("JSON body is not a valid ExportMetricsServiceRequest: "
                    + e.getMessage(), e);
        }
        return request.build();
    }

    /** @return the response as OTLP JSON */
    static byte[] print(ExportMetricsServiceResponse response) {
        try {
            return PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an ExportMetricsServiceResponse always prints", e);
        }
    }

    private static void hexIdsToBase64(JsonElement element) throws MalformedPayloadException {
        if (element.isJsonArray()) {
            for (JsonElement child : (JsonArray) element) {
                hexIdsToBase64(child);
            }
        } else if (element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> entry : ((JsonObject) element).entrySet()) {
                JsonElement value = entry.getValue();
                if (ID_FIELDS.contains(entry.getKey()) && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
                    entry.setValue(new JsonPrimitive(base64(entry.getKey(), value.getAsString())));
                } else {
                    hexIdsToBase64(value);
                }
            }
        }
    }

    private static String base64(String field, String hex) throws MalformedPayloadException {
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw MalformedPayloadException.malformed(field + " '" + hex + "' is not hex", e);
        }
    }
}
