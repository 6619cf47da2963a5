package io.hearth.kernel.query;

import io.hearth.kernel.amp.ErrorResponse;
import io.hearth.kernel.http.ResponseCompression;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;

/**
 * The answer of one request to {@link QueryRoutes}, written with the headers the JAX-RS
 * providers gave it: {@code Content-Type: application/json}, {@code Vary: Accept-Encoding}, gzip
 * or deflate with {@code Content-Encoding} when the client asks (as {@code http.ResponseCompression}), no body for HEAD
 * (as Jersey answered HEAD with GET's headers), and the empty answer to OPTIONS. Success is
 * streamed into the response as it is written, framed as Jersey framed it. One per request, on its thread.
 */
final class JsonReply {

    private final ServerResponse response;
    private final ResponseCompression.Coding coding;
    private final boolean head;
    private boolean started;

    /**
     * @param response the route's response, not yet sent
     * @param coding how to compress the answer, or null
     * @param head whether the request is a HEAD, answered without a body
     */
    JsonReply(ServerResponse response, ResponseCompression.Coding coding, boolean head) {
        this.response = response;
        this.coding = coding;
        this.head = head;
    }

    /** @return whether the body has begun, after which no other answer can be sent */
    boolean started() {
        return started;
    }

    /** Sends an error answer; @return its status */
    int error(ErrorResponse error) throws IOException {
        byte[] body = error.body().getBytes(StandardCharsets.UTF_8);
        return send(error.status(), error.errorType(), out -> out.write(body));
    }

    /** Streams {@code {"status":"success", <members>}}; @return 200 */
    int success(SuccessResponse.Members members) throws IOException {
        return send(200, null, out -> SuccessResponse.successBytes(out, members));
    }

    /** Answers with no content, as Prometheus answers OPTIONS; @return 204 */
    int noContent() {
        response.status(204);
        response.send();
        return 204;
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * The framing Jersey gave: an answer of up to 8 KiB on the wire (its content-length buffer)
     * is sent whole with a Content-Length; a longer one goes out chunked as it is written.
     */
    private static final class LengthOrChunks extends OutputStream {

        private static final int BUFFERED = 8192;

        private final ServerResponse response;
        private byte[] buffer = new byte[BUFFERED];
        private int n;
        private OutputStream chunks;

        LengthOrChunks(ServerResponse response) {
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (chunks == null) {
                int fits = Math.min(length, BUFFERED - n);
                System.arraycopy(bytes, offset, buffer, n, fits);
                n += fits;
                if (fits == length) {
                    return;
                }
                // past the buffer: its 8 KiB go out as the first chunk, as Jersey sent them, and the
                // rest follows chunked (one write then close would get a Content-Length instead)
                chunks = response.outputStream();
                chunks.write(buffer, 0, n);
                chunks.flush();
                buffer = null;
                offset += fits;
                length -= fits;
            }
            chunks.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (chunks != null) {
                chunks.close();
            } else {
                response.send(n == buffer.length ? buffer : Arrays.copyOf(buffer, n));
            }
        }
    }

    private int send(int status, String errorType, Body body) throws IOException {
        response.status(status);
        if (errorType != null) {
            response.header("x-amzn-ErrorType", errorType);
        }
        response.header("Content-Type", ErrorResponse.CONTENT_TYPE);
        // added beside the CORS headers' Vary: Origin, not in its place
        response.headers().add(HeaderValues.create("Vary", "Accept-Encoding"));
        if (coding != null) {
            response.header("Content-Encoding", coding.token());
        }
        if (head) {
            response.send();
            return status;
        }
        started = true;
        try (OutputStream out = new LengthOrChunks(response)) {
            if (coding != null) {
                // the JAX-RS interceptor's stream and buffer, so the compressed bytes are the same
                DeflaterOutputStream compressed = coding.wrap(out);
                body.write(compressed);
                compressed.finish();
            } else {
                body.write(out);
            }
        }
        return status;
    }
}
