package io.hearth.kernel.http;

import io.helidon.common.mapper.MapperManager;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pins Helidon's global mapper manager to one instance before the server starts.
 *
 * <p>Helidon 4.4.0 reads typed header values (the Content-Length of every request as it routes it,
 * and of every response as it opens the body stream) through {@code MapperManager.global()}. Until
 * an instance is set, that looks the manager up in the service registry on every call, and the
 * registry builds a new one per lookup (its scope is per-lookup): under remote write, 8% of the
 * CPU time of request threads went to building mapper managers. Set once, the look-up is a field
 * read. The instance is built with the built-in mappers and the discovered mapper providers, as
 * the registry's are; it must be set before anything asks the registry for one, or Helidon
 * refuses to register it (and says so in a warning).
 */
public final class GlobalHeaderMappers {

    private static final AtomicBoolean PINNED = new AtomicBoolean();

    private GlobalHeaderMappers() {
    }

    /** Sets the global mapper manager once per process; later calls do nothing. */
    public static void pin() {
        if (PINNED.compareAndSet(false, true)) {
            MapperManager.global(MapperManager.create());
        }
    }
}
