package io.hearth.kernel.query;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Consumer;

/** A successful answer of the Prometheus HTTP API, streamed as it is written. */
public final class SuccessResponse {

    // one factory: Json.createGenerator looks the provider up through the service loader on every call
    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

    private SuccessResponse() {
    }

    /**
     * Streams {@code {"status":"success", <body>}} without building it in memory.
     *
     * @param body writes the members after {@code status} ({@code data}, {@code warnings}...)
     * @return a 200 response whose entity runs {@code body} when it is written
     */
    public static Response success(Consumer<JsonGenerator> body) {
        StreamingOutput stream = out -> {
            try (JsonGenerator g = GENERATORS.createGenerator(out)) {
                g.writeStartObject().write("status", "success");
                body.accept(g);
                g.writeEnd();
            }
        };
        return Response.ok(stream, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Writes the members after {@code status} through {@link JsonBytes}, each preceded by its comma. */
    interface Members {
        void write(JsonBytes out) throws IOException;
    }

    /**
     * Like {@link #success(Consumer)} for the large answers (query results), written by hand into
     * bytes rather than through the JSON-P generator, straight into the answer's stream.
     *
     * @param out the answer's body stream; left open, its owner ends the answer
     * @param body writes the members after {@code status}
     */
    static void successBytes(OutputStream out, Members body) throws IOException {
        JsonBytes json = new JsonBytes(out);
        json.raw("{\"status\":\"success\",");
        body.write(json);
        json.raw('}');
        json.finish();
    }
}
