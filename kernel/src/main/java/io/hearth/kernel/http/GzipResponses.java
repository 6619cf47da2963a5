package io.hearth.kernel.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses response bodies with gzip when the client accepts it, as Prometheus does for its
 * API: query results compress about tenfold. Applies to every JSON answer; the plain query routes
 * follow the same rule and headers.
 */
@Provider
public class GzipResponses implements ContainerResponseFilter, WriterInterceptor {

    private static final String GZIP = "hearth.gzip";

    @Override
    public void filter(ContainerRequestContext requestContext, ContainerResponseContext response) {
        if (accepted(requestContext.getHeaderString("Accept-Encoding")) && response.hasEntity()
                && response.getMediaType() != null && response.getMediaType().getSubtype().equals("json")) {
            response.getHeaders().putSingle("Content-Encoding", "gzip");
            response.getHeaders().add("Vary", "Accept-Encoding");
            requestContext.setProperty(GZIP, Boolean.TRUE);
        }
    }

    /**
     * Whether a client accepts gzip, by the rule every JSON answer is compressed by, here and in
     * the plain routes ({@code query.QueryRoutes}): the word anywhere in the header.
     *
     * @param acceptEncoding the request's Accept-Encoding values joined by commas, or null
     * @return true when the answer is to be compressed
     */
    public static boolean accepted(String acceptEncoding) {
        return acceptEncoding != null && acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip");
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (Boolean.TRUE.equals(context.getProperty(GZIP))) {
            GZIPOutputStream gzip = new GZIPOutputStream(context.getOutputStream(), 8192);
            context.setOutputStream(gzip);
            try {
                context.proceed();
            } finally {
                gzip.finish();
            }
        } else {
            context.proceed();
        }
    }
}
