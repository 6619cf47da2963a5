package io.hearth.kernel.plugin;

/**
 * One provider of one extension point, as found at start-up.
 *
 * @param extensionPoint the extension point, e.g. {@code authenticator}
 * @param name the provider's name, unique within its extension point
 * @param factory the provider's factory object
 * @param loader the class loader to make current when calling into the provider
 * @param source where it came from: {@code classpath} or the plugin directory
 * @param <F> the factory type
 */
public record LoadedExtension<F>(String extensionPoint, String name, F factory, ClassLoader loader, String source) {
}
