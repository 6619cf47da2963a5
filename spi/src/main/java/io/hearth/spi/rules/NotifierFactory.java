package io.hearth.spi.rules;

import io.hearth.spi.PluginContext;

/**
 * Builds a {@link Notifier}, once, at start-up. Every notifier whose name is listed in
 * {@code hearth.notifiers} receives every alert.
 */
public interface NotifierFactory {

    /** @return the notifier's name, e.g. {@code alertmanager}; unique across plugins */
    String name();

    /**
     * @param context the server's settings and the properties under {@code hearth.<name>.}, e.g.
     *     {@code hearth.alertmanager.urls} arrives as {@code urls}
     * @return a thread-safe notifier
     */
    Notifier create(PluginContext context);
}
