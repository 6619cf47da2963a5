package io.hearth.kernel.storage;

import io.hearth.kernel.http.Authorize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code POST /-/flush}: cuts every workspace's head into blocks now and truncates the write-ahead
 * logs, as Cortex's ingester flush does, for benchmarks, backups and operators. Server-scoped, so
 * only an administrator (the root user, or a policy allowing {@code hearth:Flush}) may call it.
 * Answers 204 when every store was flushed, 500 naming the failure otherwise.
 */
@Path("/-/flush")
@ApplicationScoped
public class FlushResource {

    private static final Logger LOG = Logger.getLogger(FlushResource.class.getName());

    private WorkspaceStores stores;

    /** For CDI proxies only. */
    protected FlushResource() {
    }

    @Inject
    FlushResource(WorkspaceStores stores) {
        this.stores = stores;
    }

    @POST
    @Authorize(action = "hearth:Flush", resource = Authorize.Scope.SERVER)
    @Produces(MediaType.APPLICATION_JSON)
    public Response flush() {
        long start = System.nanoTime();
        try {
            List<String> flushed = stores.flushAll();
            LOG.info(() -> "flushed " + flushed.size() + " workspace store(s) in " + (System.nanoTime() - start) / 1_000_000
                    + " ms");
            return Response.noContent().build();
        } catch (IOException e) {
            return Response.serverError().type(MediaType.APPLICATION_JSON)
                    .entity(Json.createObjectBuilder().add("status", "error").add("errorType", "internal")
                            .add("error", "flush failed: " + e.getMessage()).build().toString())
                    .build();
        }
    }
}
