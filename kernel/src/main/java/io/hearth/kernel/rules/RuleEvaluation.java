package io.hearth.kernel.rules;

import io.hearth.kernel.config.PrometheusDuration;
import io.hearth.kernel.config.ServerSettings;
import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.kernel.storage.WorkspaceStores;
import io.hearth.kernel.workspace.WorkspaceDocument;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.rules.ActiveAlert;
import io.hearth.spi.rules.Alert;
import io.hearth.spi.rules.AlertDelivery;
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.RuleEvaluator;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.rules.RuleGroupState;
import io.hearth.spi.rules.RuleWorkspace;
import io.hearth.spi.storage.Labels;
import io.hearth.spi.storage.WorkspaceStorage;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The kernel's side of rule evaluation: hands each workspace's rule groups, storage and query
 * engine to the configured {@link RuleEvaluator}, routes the alerts it produces to every
 * {@link Notifier}, and reads back the state {@code /api/v1/rules}, {@code /api/v1/alerts} and
 * {@code /metrics} show. Every call into a plugin goes through its class loader.
 *
 * <p>Without an evaluator ({@code hearth.rules.evaluator=none}) rules are only stored, and every
 * read answers as for a workspace without rules.
 */
@ApplicationScoped
public class RuleEvaluation {

    private static final Logger LOG = Logger.getLogger(RuleEvaluation.class.getName());
    /** The notifier that receives a workspace's own Alertmanager URLs as its targets. */
    static final String ALERTMANAGER_NOTIFIER = "alertmanager";

    private Plugins.Bound<RuleEvaluator> evaluator;
    private List<Plugins.Bound<Notifier>> notifiers;
    private QueryEngine queryEngine;
    private WorkspaceStores stores;
    private RuleMetrics metrics;
    private String externalUrl;
    private long defaultQueryOffsetMillis;
    private Labels externalLabels;
    private final Map<String, List<URI>> alertmanagerTargets = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** For CDI proxies only. */
    protected RuleEvaluation() {
    }

    @Inject
    RuleEvaluation(PluginRegistry plugins, WorkspaceStores stores, WorkspaceRegistry workspaces, ServerSettings settings) {
        this(plugins.ruleEvaluator(), plugins.notifiers(), plugins.queryEngine(), stores, RuleMetrics.global(),
                externalUrl(settings.config()), settings.config()
                        .getOptionalValue("hearth.rules.default-query-offset", String.class).map(RuleEvaluation::offset).orElse(0L),
                settings.config().getOptionalValue(ExternalLabelsSetting.PROPERTY, String.class)
                        .map(ExternalLabelsSetting::parse).orElse(Labels.EMPTY));
        workspaces.onConfigurationChange(this::updateTargets);
        stores.beforeClose(this::close);
        metrics.notifiers(notifiers);
    }

    RuleEvaluation(Plugins.Bound<RuleEvaluator> evaluator, List<Plugins.Bound<Notifier>> notifiers,
            Plugins.Bound<QueryEngine> queryEngine, WorkspaceStores stores, RuleMetrics metrics, String externalUrl,
            long defaultQueryOffsetMillis, Labels externalLabels) {
        this.evaluator = evaluator;
        this.notifiers = List.copyOf(notifiers);
        this.queryEngine = new BoundQueryEngine(queryEngine);
        this.stores = stores;
        this.metrics = metrics;
        this.externalUrl = externalUrl;
        this.defaultQueryOffsetMillis = defaultQueryOffsetMillis;
        this.externalLabels = externalLabels;
    }

    /**
     * Called once at start-up, so that the notifiers' meters exist and the evaluator and notifiers
     * are closed at shutdown even if no rule is ever scheduled.
     */
    public void start() {
        LOG.info(() -> evaluator == null ? "rule evaluation off" : "rule evaluation by " + evaluator.name()
                + ", alerts to " + notifiers.stream().map(Plugins.Bound::name).toList());
    }

    /** @return whether an evaluator runs the rules */
    public boolean enabled() {
        return evaluator != null;
    }

    /**
     * Starts or replaces the evaluation of a workspace's groups; nothing while its storage is not
     * open yet (it is scheduled again when the store opens).
     *
     * @param workspace the workspace
     * @param groups every group of every namespace of the workspace
     */
    public void schedule(WorkspaceDocument workspace, List<RuleGroup> groups) {
        if (evaluator == null || closed.get()) {
            return;
        }
        Optional<WorkspaceStorage> storage = stores.get(workspace.id());
        if (storage.isEmpty()) {
            return;
        }
        updateTargets(workspace);
        String id = workspace.id();
        RuleWorkspace target = new RuleWorkspace(id, storage.get(), queryEngine, this::deliver,
                defaultQueryOffsetMillis, externalUrl + "/workspaces/" + id, externalLabels);
        evaluator.call(e -> {
            e.schedule(target, groups);
            return null;
        });
        metrics.groups(id, groups, () -> groups(id));
        LOG.fine(() -> "scheduled " + groups.size() + " rule groups of " + id);
    }

    /** Stops evaluating a workspace and forgets its alerts. */
    public void remove(String workspaceId) {
        alertmanagerTargets.remove(workspaceId);
        metrics.groups(workspaceId, List.of(), List::of);
        if (evaluator != null && !closed.get()) {
            evaluator.call(e -> {
                e.remove(workspaceId);
                return null;
            });
        }
    }

    /** @return the workspace's groups with the state of each rule, as the evaluator reports them */
    public List<RuleGroupState> groups(String workspaceId) {
        return evaluator == null ? List.of() : evaluator.call(e -> e.groups(workspaceId));
    }

    /** @return the workspace's pending and firing alerts */
    public List<ActiveAlert> alerts(String workspaceId) {
        return evaluator == null ? List.of() : evaluator.call(e -> e.alerts(workspaceId));
    }

    /** Routes one evaluation's alerts to every notifier; never blocks on the network. */
    void deliver(String workspaceId, List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        List<URI> overrides = alertmanagerTargets.getOrDefault(workspaceId, List.of());
        for (Plugins.Bound<Notifier> notifier : notifiers) {
            AlertDelivery delivery = new AlertDelivery(workspaceId,
                    notifier.name().equals(ALERTMANAGER_NOTIFIER) ? overrides : List.of(), alerts);
            try {
                notifier.call(n -> {
                    n.send(delivery);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "notifier " + notifier.name() + " refused the alerts of " + workspaceId, e);
            }
        }
    }

    private void updateTargets(WorkspaceDocument workspace) {
        List<URI> urls = workspace.alertmanagerUrlsOrEmpty().stream().map(URI::create).toList();
        if (urls.isEmpty()) {
            alertmanagerTargets.remove(workspace.id());
        } else {
            alertmanagerTargets.put(workspace.id(), urls);
        }
    }

    /** Stops the evaluator, then the notifiers (so that the last alerts still leave). Idempotent. */
    @PreDestroy
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (evaluator != null) {
            try {
                evaluator.call(e -> {
                    e.close();
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing the rule evaluator failed", e);
            }
        }
        for (Plugins.Bound<Notifier> notifier : notifiers) {
            try {
                notifier.call(n -> {
                    n.close();
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing notifier " + notifier.name() + " failed", e);
            }
        }
    }

    /**
     * {@code hearth.external-url}, or {@code http://<host>:<port>} with the machine's name for a
     * wildcard host, as Prometheus builds its default external URL; without a trailing slash.
     */
    static String externalUrl(Config config) {
        Optional<String> configured = config.getOptionalValue("hearth.external-url", String.class);
        if (configured.isPresent()) {
            String url = configured.get().strip();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        String host = config.getOptionalValue("hearth.host", String.class).orElse("0.0.0.0");
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + config.getOptionalValue("hearth.port", Integer.class).orElse(9009);
    }

    private static long offset(String text) {
        long millis = PrometheusDuration.parseMillis(text.strip());
        if (millis < 0) {
            throw new IllegalArgumentException("hearth.rules.default-query-offset must be a duration such as 1m, not '" + text + "'");
        }
        return millis;
    }
}
