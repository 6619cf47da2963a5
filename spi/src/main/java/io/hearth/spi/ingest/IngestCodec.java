package io.hearth.spi.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns the bytes of one write request of one wire format into calls on a {@link WriteSink}. It
 * neither validates (the kernel's limits do) nor stores (the storage engine does).
 *
 * <p>The kernel asks every codec of the endpoint whether it {@link #accepts} a request and uses
 * the first that does; it calls {@link #decode} on the request's thread, many at once.
 */
public interface IngestCodec {

    /** @return the endpoint this codec serves, e.g. {@code remote_write} or {@code otlp_metrics} */
    String endpoint();

    /**
     * @param request the request's headers
     * @return whether this codec reads this request's content type, encoding and version
     */
    boolean accepts(IngestRequest request);

    /**
     * Decodes a whole request body into the sink, series by series. On a malformed body the
     * codec throws before or while calling the sink; the kernel then discards everything the sink
     * received from this request.
     *
     * @param request the request with its body
     * @param sink where decoded series go
     * @throws MalformedPayloadException when the body cannot be decoded
     */
    void decode(IngestRequest request, WriteSink sink) throws MalformedPayloadException;

    /**
     * Phrases the outcome of a decoded request as this wire format answers: status, headers and
     * body.
     *
     * @param outcome what was stored and what was refused
     * @return the response
     */
    IngestResponse respond(IngestOutcome outcome);

    /**
     * Phrases the kernel's refusal of a whole request in this wire format: a body this codec could
     * not decode (400), or a request over the workspace's ingestion rate (429, with
     * {@code Retry-After} among the headers). Called on the request's thread after
     * {@link #decode} threw or returned. The default is the message as plain text, which is what
     * Prometheus's remote write answers; OTLP/HTTP wants a {@code google.rpc.Status} instead.
     *
     * @param status the HTTP status
     * @param headers headers the answer must carry
     * @param message what was wrong, for a person
     * @return the response
     */
    default IngestResponse refuse(int status, Map<String, String> headers, String message) {
        return new IngestResponse(status, headers, "text/plain; charset=utf-8",
                (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
