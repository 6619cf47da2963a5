package io.hearth.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the kernel tells a factory when it builds an instance of an extension point.
 *
 * @param dataDirectory the server's data directory; a plugin keeps its own files under
 *     {@code dataDirectory/<plugin-name>/}
 * @param region the region this server presents itself as, e.g. {@code us-east-1}
 * @param accountId the twelve-digit account id used in ARNs
 * @param properties the server's configuration properties whose names start with the prefix the
 *     kernel assigns to the extension, with that prefix removed
 * @param identities the kernel's users and access keys, for authenticators
 */
public record PluginContext(Path dataDirectory, String region, String accountId, Map<String, String> properties,
        io.hearth.spi.auth.IdentityDirectory identities) {

    public PluginContext {
        if (dataDirectory == null || region == null || accountId == null || properties == null || identities == null) {
            throw new IllegalArgumentException("no field of a PluginContext may be null");
        }
        properties = Map.copyOf(properties);
    }

    /**
     * One configuration property.
     *
     * @param name the name without the extension's prefix
     * @return the value, if configured
     */
    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }
}
