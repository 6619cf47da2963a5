package io.hearth.plugins.webhook;

import io.hearth.plugins.notifier.NotifierSettings;
import io.hearth.plugins.notifier.QueuedNotifier;
import io.hearth.spi.PluginContext;
import io.hearth.spi.rules.Notifier;
import io.hearth.spi.rules.NotifierFactory;

/**
 * Builds the {@code webhook} notifier from the properties under {@code hearth.webhook.}:
 * {@code urls} (the URLs posted to, as they are, comma-separated, optionally with
 * {@code user:password@}), {@code timeout}, {@code queue-capacity}, {@code batch-size},
 * {@code min-backoff}, {@code max-backoff}, {@code max-retry-duration}, {@code drain-timeout},
 * {@code receiver} (default {@code hearth}) and {@code external-url} (default empty).
 */
public final class WebhookNotifierFactory implements NotifierFactory {

    /** The notifier's name. */
    public static final String NAME = "webhook";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Notifier create(PluginContext context) {
        NotifierSettings settings = NotifierSettings.read(NAME, context.properties(), "");
        WebhookFormat format = new WebhookFormat(context.property("receiver").map(String::strip).orElse("hearth"),
                context.property("external-url").map(String::strip).orElse(""));
        return new QueuedNotifier(NAME, settings, format);
    }
}
