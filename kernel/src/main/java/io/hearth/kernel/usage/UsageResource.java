package io.hearth.kernel.usage;

import io.hearth.kernel.http.Authorize;
import io.hearth.kernel.ingest.IngestMetrics;
import io.hearth.kernel.query.QueryGuards;
import io.hearth.kernel.storage.WorkspaceStores;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import io.hearth.spi.storage.StorageStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.GET;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A Hearth extension beside the AMP API: what a workspace has used, the figures AMP bills by
 * (samples ingested, query samples processed, storage), so that a platform team can charge each
 * team back. Counters run since this server started; series and bytes are current.
 */
@jakarta.ws.rs.Path("/workspaces/{workspaceId}/usage")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private WorkspaceRegistry workspaces;
    private WorkspaceStores stores;
    private IngestMetrics ingest;
    private QueryGuards queries;

    /** For CDI proxies only. */
    protected UsageResource() {
    }

    @Inject
    UsageResource(WorkspaceRegistry workspaces, WorkspaceStores stores, IngestMetrics ingest, QueryGuards queries) {
        this.workspaces = workspaces;
        this.stores = stores;
        this.ingest = ingest;
        this.queries = queries;
    }

    @GET
    @Authorize(action = "aps:DescribeWorkspace", resource = Authorize.Scope.WORKSPACE)
    public String usage(@PathParam("workspaceId") String workspaceId) {
        workspaces.describe(workspaceId);
        StorageStats stats = stores.get(workspaceId).map(s -> s.stats()).orElse(new StorageStats(0, 0, 0, 0));
        return Json.createObjectBuilder()
                .add("workspaceId", workspaceId)
                .add("samplesIngested", ingest.samplesWritten(workspaceId))
                .add("histogramsIngested", ingest.histogramsWritten(workspaceId))
                .add("querySamplesProcessed", queries.samplesProcessed(workspaceId))
                .add("activeSeries", stats.series())
                .add("bytesStored", bytes(stores.directory(workspaceId)))
                .build().toString();
    }

    private static long bytes(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
