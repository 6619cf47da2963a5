package io.hearth.kernel.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;

/**
 * The server-wide settings every part of the kernel shares, read once from configuration.
 */
@ApplicationScoped
public class ServerSettings {

    private final Path dataDirectory;
    private final String region;
    private final String accountId;
    private final Config config;

    /** For CDI proxies only. */
    protected ServerSettings() {
        this.dataDirectory = null;
        this.region = null;
        this.accountId = null;
        this.config = null;
    }

    @Inject
    public ServerSettings(Config config) {
        this.config = config;
        this.dataDirectory = Path.of(config.getValue("hearth.data-dir", String.class)).toAbsolutePath().normalize();
        this.region = config.getValue("hearth.region", String.class);
        this.accountId = config.getValue("hearth.account-id", String.class);
        if (!accountId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("hearth.account-id must be twelve digits, not '" + accountId + "'");
        }
        if (!region.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("hearth.region must look like us-east-1, not '" + region + "'");
        }
    }

    /** @return the absolute data directory */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** @return the region this server presents itself as */
    public String region() {
        return region;
    }

    /** @return the account id used in ARNs */
    public String accountId() {
        return accountId;
    }

    /** @return the whole configuration, for parts that read their own keys */
    public Config config() {
        return config;
    }
}
