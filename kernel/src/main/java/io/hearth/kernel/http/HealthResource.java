package io.hearth.kernel.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Liveness and readiness, at the paths Prometheus uses. */
@Path("/-")
@ApplicationScoped
@Produces(MediaType.TEXT_PLAIN)
public class HealthResource {

    private final Readiness readiness;

    /** For CDI proxies only. */
    protected HealthResource() {
        this.readiness = null;
    }

    @Inject
    HealthResource(Readiness readiness) {
        this.readiness = readiness;
    }

    @GET
    @Authorize.Public
    @Path("/healthy")
    public String healthy() {
        return "Hearth is Healthy.\n";
    }

    @HEAD
    @Authorize.Public
    @Path("/healthy")
    public Response healthyHead() {
        return Response.ok().build();
    }

    @GET
    @Authorize.Public
    @Path("/ready")
    public Response ready() {
        return readiness.isReady()
                ? Response.ok("Hearth is Ready.\n").build()
                : Response.status(503).entity("Service Unavailable\n").build();
    }

    @HEAD
    @Authorize.Public
    @Path("/ready")
    public Response readyHead() {
        return Response.status(readiness.isReady() ? 200 : 503).build();
    }
}
