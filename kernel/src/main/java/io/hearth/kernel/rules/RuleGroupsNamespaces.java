package io.hearth.kernel.rules;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.amp.Blob;
import io.hearth.kernel.amp.Tags;
import io.hearth.kernel.config.ServerSettings;
import io.hearth.kernel.metadata.MetadataDatabase;
import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.storage.WorkspaceStores;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import io.hearth.spi.rules.RuleGroup;
import java.util.ArrayList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The rule groups namespaces of each workspace: Prometheus rule files, validated before they are
 * stored, each replacing the previous version atomically. After every change the workspace's
 * groups, all namespaces together, are handed to {@link RuleEvaluation}; so they are when its
 * storage opens (at start-up, or when it is provisioned). A deleted workspace's namespaces go with it.
 */
@ApplicationScoped
public class RuleGroupsNamespaces {

    private static final Logger LOG = Logger.getLogger(RuleGroupsNamespaces.class.getName());
    private static final Pattern NAME = Pattern.compile("[0-9A-Za-z][-.0-9A-Z_a-z]{0,127}");

    private RuleGroupsNamespaceRepository repository;
    private MetadataDatabase database;
    private WorkspaceRegistry workspaces;
    private ServerSettings settings;
    private RuleFileParser parser;
    private RuleEvaluation evaluation;
    private final Clock clock = Clock.systemUTC();

    /** For CDI proxies only. */
    protected RuleGroupsNamespaces() {
    }

    @Inject
    RuleGroupsNamespaces(RuleGroupsNamespaceRepository repository, MetadataDatabase database, WorkspaceRegistry workspaces,
            ServerSettings settings, PluginRegistry plugins, RuleEvaluation evaluation, WorkspaceStores stores) {
        this.evaluation = evaluation;
        stores.onOpen(this::schedule);
        stores.onDelete(this::forget);
        this.repository = repository;
        this.database = database;
        this.workspaces = workspaces;
        this.settings = settings;
        this.parser = new RuleFileParser(plugins.queryEngine());
    }

    /** @return the namespace's ARN */
    public String arn(String workspaceId, String name) {
        return "arn:aws:aps:" + settings.region() + ":" + settings.accountId() + ":rulegroupsnamespace/" + workspaceId + "/" + name;
    }

    /** Creates a namespace; a second one of the same name is a conflict. */
    public synchronized RuleGroupsNamespaceDocument create(String workspaceId, String name, String data, Map<String, String> tags) {
        workspaces.describe(workspaceId);
        checkName(name);
        Tags.validate("tags", tags);
        validate(name, data);
        if (repository.findById(id(workspaceId, name)).isPresent()) {
            throw AmpException.conflict("RuleGroupsNamespace", name, "Rule groups namespace " + name + " already exists");
        }
        long now = clock.millis();
        RuleGroupsNamespaceDocument created = new RuleGroupsNamespaceDocument(id(workspaceId, name), workspaceId, name, data,
                "ACTIVE", now, now, tags == null ? Map.of() : Map.copyOf(tags));
        save(created);
        schedule(workspaceId);
        LOG.info(() -> "rule groups namespace " + name + " created in " + workspaceId);
        return created;
    }

    /** Replaces a namespace's rule file. */
    public synchronized RuleGroupsNamespaceDocument put(String workspaceId, String name, String data) {
        RuleGroupsNamespaceDocument old = describe(workspaceId, name);
        validate(name, data);
        RuleGroupsNamespaceDocument updated = new RuleGroupsNamespaceDocument(old.id(), workspaceId, name, data, "ACTIVE",
                old.createdAtMillis(), clock.millis(), old.tags());
        save(updated);
        schedule(workspaceId);
        return updated;
    }

    /** @return the namespace */
    public RuleGroupsNamespaceDocument describe(String workspaceId, String name) {
        workspaces.describe(workspaceId);
        return find(workspaceId, name).orElseThrow(() -> AmpException.notFound("RuleGroupsNamespace", name,
                "Rule groups namespace " + name + " does not exist in workspace " + workspaceId));
    }

    /** @return the namespace, if it exists */
    public Optional<RuleGroupsNamespaceDocument> find(String workspaceId, String name) {
        return repository.findById(id(workspaceId, name));
    }

    /** @return a workspace's namespaces whose name starts with the prefix, by name */
    public List<RuleGroupsNamespaceDocument> list(String workspaceId, String prefix) {
        workspaces.describe(workspaceId);
        return repository.findByWorkspaceId(workspaceId).stream()
                .filter(n -> prefix == null || n.name().startsWith(prefix))
                .sorted(Comparator.comparing(RuleGroupsNamespaceDocument::name))
                .toList();
    }

    /** Deletes a namespace. */
    public synchronized void delete(String workspaceId, String name) {
        RuleGroupsNamespaceDocument old = describe(workspaceId, name);
        repository.deleteById(old.id());
        database.flush();
        schedule(workspaceId);
    }

    /**
     * Called once at start-up, before workspaces' storage opens, so that from then on each
     * workspace's rules are scheduled when its store opens.
     */
    public void start() {
        evaluation.start();
    }

    /**
     * Hands every group of the workspace to the evaluator. A stored file that no longer parses
     * (the query engine changed) is skipped with a warning rather than stopping the others.
     */
    synchronized void schedule(String workspaceId) {
        if (!evaluation.enabled()) {
            return;
        }
        workspaces.find(workspaceId).ifPresent(workspace -> {
            List<RuleGroup> groups = new ArrayList<>();
            for (RuleGroupsNamespaceDocument n : repository.findByWorkspaceId(workspaceId).stream()
                    .sorted(Comparator.comparing(RuleGroupsNamespaceDocument::name)).toList()) {
                try {
                    groups.addAll(parser.parse(n.name(), new String(Base64.getDecoder().decode(n.data()), StandardCharsets.UTF_8)));
                } catch (AmpException | IllegalArgumentException e) {
                    LOG.warning(() -> "rule groups namespace " + n.name() + " of " + workspaceId + " is not evaluated: "
                            + e.getMessage());
                }
            }
            evaluation.schedule(workspace, groups);
        });
    }

    /** Drops a deleted workspace's rules: its evaluation first, then its namespaces. */
    private synchronized void forget(String workspaceId) {
        evaluation.remove(workspaceId);
        repository.findByWorkspaceId(workspaceId).forEach(n -> repository.deleteById(n.id()));
        database.flush();
    }

    /** Adds or replaces tags. */
    public synchronized void tag(String workspaceId, String name, Map<String, String> tags) {
        RuleGroupsNamespaceDocument old = describe(workspaceId, name);
        Map<String, String> merged = new HashMap<>(old.tags());
        merged.putAll(tags);
        Tags.validate("tags", merged);
        save(withTags(old, merged));
    }

    /** Removes tags by key. */
    public synchronized void untag(String workspaceId, String name, List<String> keys) {
        RuleGroupsNamespaceDocument old = describe(workspaceId, name);
        Map<String, String> remaining = new HashMap<>(old.tags());
        keys.forEach(remaining::remove);
        save(withTags(old, remaining));
    }

    private static RuleGroupsNamespaceDocument withTags(RuleGroupsNamespaceDocument n, Map<String, String> tags) {
        return new RuleGroupsNamespaceDocument(n.id(), n.workspaceId(), n.name(), n.data(), n.status(), n.createdAtMillis(),
                n.modifiedAtMillis(), Map.copyOf(tags));
    }

    private void validate(String name, String data) {
        parser.parse(name, Blob.decode(data, "a rule file"));
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw AmpException.invalidField("name", "name must be 1 to 128 letters, digits, '-', '.' or '_', starting with a letter or digit");
        }
    }

    private void save(RuleGroupsNamespaceDocument document) {
        repository.save(document);
        database.flush();
    }

    private static String id(String workspaceId, String name) {
        return workspaceId + "/" + name;
    }
}
