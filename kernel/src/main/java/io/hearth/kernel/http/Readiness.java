package io.hearth.kernel.http;

import io.hearth.kernel.identity.AccessControl;
import io.hearth.kernel.alertmanager.AlertManagerDefinitions;
import io.hearth.kernel.plugin.PluginRegistry;
import io.hearth.kernel.rules.RuleGroupsNamespaces;
import io.hearth.kernel.workspace.WorkspaceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Start-up in order: access control (the root user at first start), plugins are loaded (a configuration that names a missing plugin stops the
 * server here), rules and alert manager definitions start listening to workspaces' storage,
 * unfinished workspace changes are completed and every workspace's storage opens (which schedules
 * its rules), then the server reports ready.
 */
@ApplicationScoped
public class Readiness {

    private static final Logger LOG = Logger.getLogger(Readiness.class.getName());

    private final AtomicBoolean ready = new AtomicBoolean();

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event, AccessControl accessControl,
            PluginRegistry plugins, WorkspaceRegistry workspaces, RuleGroupsNamespaces rules,
            AlertManagerDefinitions alertManagerDefinitions) {
        accessControl.start();
        plugins.plugins();
        rules.start();
        alertManagerDefinitions.start();
        workspaces.resumeUnfinished();
        ready.set(true);
        LOG.info("Hearth is ready");
    }

    /** @return whether start-up has finished */
    public boolean isReady() {
        return ready.get();
    }
}
