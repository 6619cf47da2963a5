package io.hearth.plugins.alertmanager;

import io.hearth.plugins.notifier.NotifierSettings;
import io.hearth.plugins.notifier.QueuedNotifier;
import io.hearth.spi.PluginContext;
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.NotifierFactory;

/**
 * Builds the {@code alertmanager} notifier from the properties under {@code hearth.alertmanager.}:
 * {@code urls} (Alertmanager base URLs, comma-separated, optionally with a path prefix and
 * {@code user:password@}), {@code timeout}, {@code queue-capacity}, {@code batch-size},
 * {@code min-backoff}, {@code max-backoff}, {@code max-retry-duration}, {@code drain-timeout}, and
 * {@code workspace-label} (a label naming the workspace added to every alert; none by default).
 */
public final class AlertmanagerNotifierFactory implements NotifierFactory {

    /** The notifier's name. */
    public static final String NAME = "alertmanager";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Notifier create(PluginContext context) {
        NotifierSettings settings = NotifierSettings.read(NAME, context.properties(), AlertmanagerV2Format.PATH);
        String workspaceLabel = context.property("workspace-label").map(String::strip).orElse("");
        return new QueuedNotifier(NAME, settings, new AlertmanagerV2Format(workspaceLabel));
    }
}
