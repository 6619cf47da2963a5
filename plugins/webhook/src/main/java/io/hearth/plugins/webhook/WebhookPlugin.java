package io.hearth.plugins.webhook;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.rules.NotifierFactory;
import java.util.List;

/** Offers the {@code webhook} notifier. */
public final class WebhookPlugin implements HearthPlugin {

    @Override
    public List<NotifierFactory> notifierFactories() {
        return List.of(new WebhookNotifierFactory());
    }
}
