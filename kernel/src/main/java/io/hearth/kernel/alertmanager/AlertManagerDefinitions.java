package io.hearth.kernel.alertmanager;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.Blob;
import io.hearth.kernel.metadata.MetadataDatabase;
import io.hearth.kernel.storage.WorkspaceStores;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * The alert manager definition of each workspace (AMP's CreateAlertManagerDefinition and
 * friends): validated, stored, and returned as given. Hearth runs no Alertmanager of its own, so
 * the definition routes nothing: alerts go to the Alertmanagers of {@code hearth.alertmanager.urls}
 * or of the workspace's {@code alertmanagerUrls}. Validation is synchronous, so a definition is
 * ACTIVE once stored; the answers say CREATING and UPDATING as AMP's do.
 */
@ApplicationScoped
public class AlertManagerDefinitions {

    private static final Logger LOG = Logger.getLogger(AlertManagerDefinitions.class.getName());

    private AlertManagerDefinitionRepository repository;
    private MetadataDatabase database;
    private WorkspaceRegistry workspaces;
    private final Clock clock = Clock.systemUTC();

    /** For CDI proxies only. */
    protected AlertManagerDefinitions() {
    }

    @Inject
    AlertManagerDefinitions(AlertManagerDefinitionRepository repository, MetadataDatabase database,
            WorkspaceRegistry workspaces, WorkspaceStores stores) {
        this.repository = repository;
        this.database = database;
        this.workspaces = workspaces;
        stores.onDelete(this::forget);
    }

    /** Called once at start-up so that a deleted workspace's definition goes with it from then on. */
    public void start() {
        LOG.fine("alert manager definitions ready");
    }

    /** Creates the definition; a second one is a conflict. */
    public synchronized AlertManagerDefinitionDocument create(String workspaceId, String data) {
        workspaces.requireMutable(workspaceId);
        validate(data);
        if (repository.findById(workspaceId).isPresent()) {
            throw AmpException.conflict("AlertManagerDefinition", workspaceId,
                    "Workspace " + workspaceId + " already has an alert manager definition; use PutAlertManagerDefinition");
        }
        long now = clock.millis();
        AlertManagerDefinitionDocument created = new AlertManagerDefinitionDocument(workspaceId, data, "ACTIVE", now, now);
        save(created);
        LOG.info(() -> "alert manager definition created in " + workspaceId);
        return created;
    }

    /** Replaces the definition. */
    public synchronized AlertManagerDefinitionDocument put(String workspaceId, String data) {
        workspaces.requireMutable(workspaceId);
        validate(data);
        AlertManagerDefinitionDocument old = find(workspaceId);
        AlertManagerDefinitionDocument updated = new AlertManagerDefinitionDocument(workspaceId, data, "ACTIVE",
                old.createdAtMillis(), clock.millis());
        save(updated);
        return updated;
    }

    /** @return the definition */
    public AlertManagerDefinitionDocument describe(String workspaceId) {
        workspaces.describe(workspaceId);
        return find(workspaceId);
    }

    /** Deletes the definition. */
    public synchronized void delete(String workspaceId) {
        workspaces.requireMutable(workspaceId);
        find(workspaceId);
        repository.deleteById(workspaceId);
        database.flush();
    }

    private AlertManagerDefinitionDocument find(String workspaceId) {
        return repository.findById(workspaceId).orElseThrow(() -> AmpException.notFound("AlertManagerDefinition",
                workspaceId, "Workspace " + workspaceId + " has no alert manager definition"));
    }

    private synchronized void forget(String workspaceId) {
        if (repository.findById(workspaceId).isPresent()) {
            repository.deleteById(workspaceId);
            database.flush();
        }
    }

    private static void validate(String data) {
        AlertManagerDefinitionValidator.validate(Blob.decode(data, "an alert manager definition"));
    }

    private void save(AlertManagerDefinitionDocument document) {
        repository.save(document);
        database.flush();
    }
}
