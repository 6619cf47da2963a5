package io.hearth.kernel.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses JSON answers as Prometheus's API does (query results compress about tenfold): every
 * answer says {@code Vary: Accept-Encoding}, and is compressed with the first of {@code gzip} and
 * {@code deflate} (zlib) that the request's Accept-Encoding lists. Go's handler matches the bare
 * names only, so a name with a parameter ({@code gzip;q=1}) is not taken, and neither is
 * {@code *}. The plain query routes ({@code query.QueryRoutes}) follow the same rule.
 */
@Provider
public class ResponseCompression implements ContainerResponseFilter, WriterInterceptor {

    private static final String CODING = "hearth.content-coding";

    /** A content coding Prometheus's API answers in. */
    public enum Coding {
        GZIP("gzip"),
        DEFLATE("deflate");

        private final String token;

        Coding(String token) {
            this.token = token;
        }

        /** The Content-Encoding value. */
        public String token() {
            return token;
        }

        /**
         * A stream compressing into {@code out}; {@code finish()} it (not only flush) at the end,
         * which leaves {@code out} open.
         */
        public DeflaterOutputStream wrap(OutputStream out) throws IOException {
            return this == GZIP ? new GZIPOutputStream(out, 8192) : new DeflaterOutputStream(out, new Deflater(), 8192);
        }
    }

    @Override
    public void filter(ContainerRequestContext requestContext, ContainerResponseContext response) {
        if (response.getMediaType() == null || !response.getMediaType().getSubtype().equals("json")) {
            return;
        }
        response.getHeaders().add("Vary", "Accept-Encoding");
        Coding coding = negotiated(requestContext.getHeaderString("Accept-Encoding"));
        if (coding != null && response.hasEntity()) {
            response.getHeaders().putSingle("Content-Encoding", coding.token());
            requestContext.setProperty(CODING, coding);
        }
    }

    /**
     * The coding an answer is compressed with, by the rule every JSON answer follows, here and in
     * the plain routes: the first of the comma-separated names that is exactly {@code gzip} or
     * {@code deflate} once trimmed.
     *
     * @param acceptEncoding the request's Accept-Encoding values joined by commas, or null
     * @return the coding, or null to send the answer as it is
     */
    public static Coding negotiated(String acceptEncoding) {
        if (acceptEncoding == null) {
            return null;
        }
        for (String name : acceptEncoding.split(",")) {
            switch (name.strip()) {
                case "gzip" -> {
                    return Coding.GZIP;
                }
                case "deflate" -> {
                    return Coding.DEFLATE;
                }
                default -> {
                }
            }
        }
        return null;
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (context.getProperty(CODING) instanceof Coding coding) {
            DeflaterOutputStream compressed = coding.wrap(context.getOutputStream());
            context.setOutputStream(compressed);
            try {
                context.proceed();
            } finally {
                compressed.finish();
            }
        } else {
            context.proceed();
        }
    }
}
