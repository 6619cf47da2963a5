package io.hearth.kernel.workspace;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.Tags;
import io.hearth.kernel.config.ServerSettings;
import io.hearth.kernel.metadata.MetadataDatabase;
import io.hearth.kernel.storage.WorkspaceStores;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The workspaces of this server and their lifecycle.
 *
 * <p>Every change is one atomic write of the workspace's document, made durable before the call
 * returns. Creation and deletion are two steps, as in AMP: the document is written as CREATING
 * (or DELETING) and acknowledged, then a background task provisions (or removes) the workspace's
 * data directory and moves it to ACTIVE (or removes the document). A crash between the steps is
 * finished at the next start by {@link #resumeUnfinished()}, so no half-made workspace is ever
 * shown as ACTIVE and no deleted one comes back.
 *
 * <p>Every write and query looks its workspace up, so documents read are kept in memory: the
 * registry is the only writer of the repository, and each change drops the kept copy under the
 * same lock that loads a missing one, so no reader ever gets a document older than the last
 * acknowledged change.
 */
@ApplicationScoped
public class WorkspaceRegistry {

    private static final Logger LOG = Logger.getLogger(WorkspaceRegistry.class.getName());
    private static final Pattern ID = Pattern.compile("ws-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern CLIENT_TOKEN = Pattern.compile("[!-~]{1,64}");

    private WorkspaceRepository repository;
    private MetadataDatabase database;
    private ServerSettings settings;
    private Clock clock;
    private int defaultRetentionDays;
    private ExecutorService lifecycle;

    /** For CDI proxies only. */
    protected WorkspaceRegistry() {
    }

    private static final String SERVING_ACTIVE = WorkspaceStatus.ACTIVE.name();
    private static final String SERVING_UPDATING = WorkspaceStatus.UPDATING.name();

    private WorkspaceStores stores;
    /** Documents as last read from the repository, by id; a change removes its entry (see the class comment). */
    private final ConcurrentHashMap<String, WorkspaceDocument> known = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<WorkspaceDocument>> configurationListeners =
            new CopyOnWriteArrayList<>();

    @Inject
    WorkspaceRegistry(WorkspaceRepository repository, MetadataDatabase database, ServerSettings settings,
            WorkspaceStores stores) {
        this.stores = stores;
        this.repository = repository;
        this.database = database;
        this.settings = settings;
        this.clock = Clock.systemUTC();
        this.defaultRetentionDays = settings.config()
                .getOptionalValue("hearth.workspace.default-retention-days", Integer.class).orElse(45);
        this.lifecycle = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("workspace-lifecycle").daemon().factory());
    }

    /** The ARN of a workspace. */
    public String arn(String workspaceId) {
        return "arn:aws:aps:" + settings.region() + ":" + settings.accountId() + ":workspace/" + workspaceId;
    }

    /**
     * Creates a workspace, or returns the one created earlier with the same client token.
     *
     * @return the workspace as stored, status CREATING for a new one
     */
    public synchronized WorkspaceDocument create(String alias, Map<String, String> tags, String clientToken, String kmsKeyArn) {
        String trimmedAlias = validateAlias(alias);
        Tags.validate("tags", tags);
        validateClientToken(clientToken);
        if (kmsKeyArn != null) {
            throw AmpException.invalidField("kmsKeyArn", "Customer managed KMS keys are not supported by Hearth");
        }
        if (clientToken != null) {
            List<WorkspaceDocument> earlier = repository.findByClientToken(clientToken);
            if (!earlier.isEmpty()) {
                WorkspaceDocument existing = earlier.get(0);
                if (!java.util.Objects.equals(existing.alias(), trimmedAlias)
                        || !existing.tags().equals(tags == null ? Map.of() : tags)) {
                    throw AmpException.conflict("Workspace", existing.id(),
                            "The client token was already used to create workspace " + existing.id() + " with other parameters");
                }
                return existing;
            }
        }
        WorkspaceDocument created = WorkspaceDocument.creating("ws-" + UUID.randomUUID(), trimmedAlias, clock.millis(),
                tags == null ? Map.of() : Map.copyOf(tags), clientToken, defaultRetentionDays);
        save(created);
        LOG.info(() -> "workspace " + created.id() + " created" + (trimmedAlias == null ? "" : " (alias " + trimmedAlias + ")"));
        lifecycle.submit(() -> provision(created.id()));
        return created;
    }

    /**
     * @return the workspace
     * @throws AmpException ResourceNotFoundException when there is none with that id
     */
    public WorkspaceDocument describe(String workspaceId) {
        return find(workspaceId).orElseThrow(() -> notFound(workspaceId));
    }

    /** @return the workspace, if it exists */
    public Optional<WorkspaceDocument> find(String workspaceId) {
        if (workspaceId == null) {
            return Optional.empty();
        }
        WorkspaceDocument kept = known.get(workspaceId);
        if (kept != null) {
            return Optional.of(kept);
        }
        if (!ID.matcher(workspaceId).matches()) {
            return Optional.empty();
        }
        synchronized (this) { // changes hold this lock too, so what is loaded here is not older than the last one
            kept = known.get(workspaceId);
            if (kept != null) {
                return Optional.of(kept);
            }
            Optional<WorkspaceDocument> stored = repository.findById(workspaceId);
            stored.ifPresent(w -> known.put(workspaceId, w));
            return stored;
        }
    }

    /** @return the workspace, if it exists and serves writes, queries and rules: ACTIVE or UPDATING */
    public Optional<WorkspaceDocument> findServing(String workspaceId) {
        return find(workspaceId).filter(w -> w.status().equals(SERVING_ACTIVE) || w.status().equals(SERVING_UPDATING));
    }

    /**
     * One page of workspaces, oldest first.
     *
     * @param aliasPrefix only workspaces whose alias starts with this, or null for all
     * @param maxResults the page size, 1 to 1000, or null for 100
     * @param nextToken the token of the previous page, or null
     * @return the page and the token of the next one
     */
    public Page list(String aliasPrefix, Integer maxResults, String nextToken) {
        int limit = maxResults == null ? 100 : maxResults;
        if (limit < 1 || limit > 1000) {
            throw AmpException.invalidField("maxResults", "maxResults must be between 1 and 1000");
        }
        String prefix = aliasPrefix == null ? null : aliasPrefix.strip();
        Cursor after = nextToken == null || nextToken.isEmpty() ? null : Cursor.decode(nextToken);
        List<WorkspaceDocument> all = repository.findAll()
                .filter(w -> prefix == null || (w.alias() != null && w.alias().startsWith(prefix)))
                .sorted(ORDER)
                .filter(w -> after == null || after.isBefore(w))
                .limit(limit + 1L)
                .toList();
        if (all.size() <= limit) {
            return new Page(all, null);
        }
        List<WorkspaceDocument> page = all.subList(0, limit);
        WorkspaceDocument last = page.get(limit - 1);
        return new Page(page, new Cursor(last.createdAtMillis(), last.id()).encode());
    }

    /** Sets or, with a null alias, removes a workspace's alias. */
    public synchronized void updateAlias(String workspaceId, String alias, String clientToken) {
        String trimmed = validateAlias(alias);
        validateClientToken(clientToken);
        WorkspaceDocument w = requireMutable(workspaceId);
        save(w.withAlias(trimmed));
    }

    /** Starts deleting a workspace; returns at once with it DELETING. */
    public synchronized void delete(String workspaceId, String clientToken) {
        validateClientToken(clientToken);
        WorkspaceDocument w = describe(workspaceId);
        if (WorkspaceStatus.valueOf(w.status()) == WorkspaceStatus.DELETING) {
            return;
        }
        save(w.withStatus(WorkspaceStatus.DELETING));
        LOG.info(() -> "workspace " + workspaceId + " deleting");
        lifecycle.submit(() -> remove(workspaceId));
    }

    /** Adds or replaces tags. */
    public synchronized void tag(String workspaceId, Map<String, String> tags) {
        Tags.validate("tags", tags);
        WorkspaceDocument w = describe(workspaceId);
        Map<String, String> merged = new HashMap<>(w.tags());
        merged.putAll(tags);
        Tags.validate("tags", merged);
        save(w.withTags(merged));
    }

    /** Removes tags by key; absent keys are ignored. */
    public synchronized void untag(String workspaceId, List<String> keys) {
        WorkspaceDocument w = describe(workspaceId);
        Map<String, String> remaining = new HashMap<>(w.tags());
        keys.forEach(remaining::remove);
        save(w.withTags(remaining));
    }

    /**
     * Replaces the parts of a workspace's configuration that are given.
     *
     * @param retentionPeriodInDays the new retention, or null to keep it
     * @param limitsPerLabelSetJson the new limits as validated JSON text, or null to keep them
     * @param alertmanagerUrls the workspace's validated Alertmanager URLs (empty: the server's), or
     *     null to keep them
     */
    public synchronized void updateConfiguration(String workspaceId, Integer retentionPeriodInDays,
            String limitsPerLabelSetJson, List<String> alertmanagerUrls, String clientToken) {
        validateClientToken(clientToken);
        WorkspaceDocument w = requireMutable(workspaceId);
        WorkspaceDocument updated = w.withConfiguration(
                retentionPeriodInDays == null ? w.retentionPeriodInDays() : retentionPeriodInDays,
                limitsPerLabelSetJson == null ? w.limitsPerLabelSet() : limitsPerLabelSetJson);
        if (alertmanagerUrls != null) {
            updated = updated.withAlertmanagerUrls(alertmanagerUrls);
        }
        save(updated);
        if (retentionPeriodInDays != null) {
            stores.updateRetention(workspaceId, retentionPeriodInDays); // takes effect without a restart
        }
        WorkspaceDocument saved = updated;
        configurationListeners.forEach(listener -> listener.accept(saved));
    }

    /**
     * Registers what to tell when a workspace's configuration changed (where its alerts go);
     * called on the request's thread after the change is durable.
     */
    public void onConfigurationChange(java.util.function.Consumer<WorkspaceDocument> listener) {
        configurationListeners.add(listener);
    }

    /**
     * Sets a workspace's resource policy (validated by the caller).
     *
     * @param expectedRevision when given, the revision the caller last saw; a different current
     *     revision is a conflict
     * @return the new revision id
     */
    public synchronized String putResourcePolicy(String workspaceId, String document, String expectedRevision) {
        WorkspaceDocument w = requireMutable(workspaceId);
        checkRevision(w, expectedRevision);
        String revision = UUID.randomUUID().toString();
        save(w.withResourcePolicy(document, revision));
        return revision;
    }

    /** Removes a workspace's resource policy. */
    public synchronized void deleteResourcePolicy(String workspaceId, String expectedRevision) {
        WorkspaceDocument w = requireMutable(workspaceId);
        if (w.resourcePolicy() == null) {
            throw AmpException.notFound("ResourcePolicy", workspaceId, "Workspace " + workspaceId + " has no resource policy");
        }
        checkRevision(w, expectedRevision);
        save(w.withResourcePolicy(null, null));
    }

    private static void checkRevision(WorkspaceDocument w, String expectedRevision) {
        if (expectedRevision != null && !expectedRevision.equals(w.policyRevisionId())) {
            throw AmpException.conflict("ResourcePolicy", w.id(), "The resource policy's revision is "
                    + w.policyRevisionId() + ", not " + expectedRevision);
        }
    }

    /**
     * Opens the storage of every active workspace (replaying its write-ahead log) and finishes
     * what a crash interrupted: provisions workspaces still CREATING and removes those still
     * DELETING. Called once at start-up, before the server accepts requests.
     */
    public void resumeUnfinished() {
        repository.findAll().forEach(w -> {
            switch (WorkspaceStatus.valueOf(w.status())) {
                case ACTIVE, UPDATING -> stores.open(w.id(), w.retentionPeriodInDays());
                case CREATING -> {
                    LOG.info(() -> "workspace " + w.id() + " was still being created; finishing");
                    provision(w.id());
                }
                case DELETING -> {
                    LOG.info(() -> "workspace " + w.id() + " was still being deleted; finishing");
                    remove(w.id());
                }
                default -> {
                }
            }
        });
    }

    @PreDestroy
    void stop() {
        lifecycle.shutdown();
        try {
            if (!lifecycle.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("workspace lifecycle tasks still running at shutdown; they resume at next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void provision(String workspaceId) {
        try {
            Files.createDirectories(stores.directory(workspaceId));
            stores.open(workspaceId, find(workspaceId).map(WorkspaceDocument::retentionPeriodInDays)
                    .orElse(defaultRetentionDays));
            synchronized (this) {
                find(workspaceId).filter(w -> WorkspaceStatus.valueOf(w.status()) == WorkspaceStatus.CREATING)
                        .ifPresent(w -> save(w.withStatus(WorkspaceStatus.ACTIVE)));
            }
            LOG.info(() -> "workspace " + workspaceId + " active");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "workspace " + workspaceId + " could not be created", e);
            synchronized (this) {
                find(workspaceId).ifPresent(w -> save(w.withStatus(WorkspaceStatus.CREATION_FAILED)));
            }
        }
    }

    private void remove(String workspaceId) {
        try {
            stores.delete(workspaceId);
            deleteRecursively(stores.directory(workspaceId));
            synchronized (this) {
                known.remove(workspaceId); // readers now wait on this lock and load what the change leaves
                repository.deleteById(workspaceId);
                database.flush();
            }
            LOG.info(() -> "workspace " + workspaceId + " deleted");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "workspace " + workspaceId + " could not be deleted; retried at next start", e);
        }
    }

    /**
     * @return the workspace, if it may be changed (or its rules and definitions may be)
     * @throws AmpException not found, or a conflict while it is DELETING or CREATION_FAILED
     */
    public WorkspaceDocument requireMutable(String workspaceId) {
        WorkspaceDocument w = describe(workspaceId);
        WorkspaceStatus status = WorkspaceStatus.valueOf(w.status());
        if (status == WorkspaceStatus.DELETING || status == WorkspaceStatus.CREATION_FAILED) {
            throw AmpException.conflict("Workspace", workspaceId, "Workspace " + workspaceId + " is " + status
                    + " and cannot be changed");
        }
        return w;
    }

    /** Writes a document durably; callers hold this registry's lock. */
    private synchronized void save(WorkspaceDocument document) {
        known.remove(document.id()); // readers now wait on this lock and load the document as saved
        repository.save(document);
        database.flush();
    }

    private static AmpException notFound(String workspaceId) {
        return AmpException.notFound("Workspace", String.valueOf(workspaceId),
                "Workspace " + workspaceId + " does not exist");
    }

    private static String validateAlias(String alias) {
        if (alias == null) {
            return null;
        }
        String trimmed = alias.strip();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw AmpException.invalidField("alias", "alias must be 1 to 100 characters long");
        }
        return trimmed;
    }

    private static void validateClientToken(String clientToken) {
        if (clientToken != null && !CLIENT_TOKEN.matcher(clientToken).matches()) {
            throw AmpException.invalidField("clientToken", "clientToken must be 1 to 64 printable ASCII characters");
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static final Comparator<WorkspaceDocument> ORDER =
            Comparator.comparingLong(WorkspaceDocument::createdAtMillis).thenComparing(WorkspaceDocument::id);

    /**
     * A page of workspaces.
     *
     * @param workspaces the workspaces
     * @param nextToken the token for the next page, or null on the last
     */
    public record Page(List<WorkspaceDocument> workspaces, String nextToken) {
    }

    /** Where a page ended: an opaque token to clients. */
    private record Cursor(long createdAtMillis, String id) {

        boolean isBefore(WorkspaceDocument w) {
            return ORDER.compare(WorkspaceDocument.creating(id, null, createdAtMillis, null, null, 0), w) < 0;
        }

        String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAtMillis + "/" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static Cursor decode(String token) {
            try {
                String text = new String(java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8);
                int slash = text.indexOf('/');
                return new Cursor(Long.parseLong(text.substring(0, slash)), text.substring(slash + 1));
            } catch (RuntimeException e) {
                throw AmpException.invalidField("nextToken", "nextToken is not a token this service issued");
            }
        }
    }
}
