package io.hearth.plugins.alertmanager;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.rules.NotifierFactory;
import java.util.List;

/** Offers the {@code alertmanager} notifier. */
public final class AlertmanagerPlugin implements HearthPlugin {

    @Override
    public List<NotifierFactory> notifierFactories() {
        return List.of(new AlertmanagerNotifierFactory());
    }
}
