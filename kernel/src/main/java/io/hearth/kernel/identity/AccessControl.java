package io.hearth.kernel.identity;

import io.hearth.kernel.config.ServerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Whether access control is on (it is unless {@code hearth.auth.disabled=true}), and the root
 * user's creation at first start.
 */
@ApplicationScoped
public class AccessControl {

    private static final Logger LOG = Logger.getLogger(AccessControl.class.getName());

    private boolean disabled;
    private IdentityStore identities;
    private ServerSettings settings;

    /** For CDI proxies only. */
    protected AccessControl() {
    }

    @Inject
    AccessControl(ServerSettings settings, IdentityStore identities) {
        this.settings = settings;
        this.identities = identities;
        this.disabled = settings.config().getOptionalValue("hearth.auth.disabled", Boolean.class).orElse(false);
    }

    /** @return true only when the operator switched authentication and authorization off explicitly */
    public boolean disabled() {
        return disabled;
    }

    /** Called once at start-up, before the server reports ready. */
    public void start() {
        if (disabled) {
            LOG.warning("AUTHENTICATION IS DISABLED (hearth.auth.disabled=true): every request is accepted"
                    + " anonymously with full access. Never run like this where others can reach the port.");
            return;
        }
        String keyId = settings.config().getOptionalValue("hearth.root-access-key-id", String.class).orElse(null);
        String secret = settings.config().getOptionalValue("hearth.root-secret-access-key", String.class).orElse(null);
        Optional<IdentityStore.IssuedKey> created = identities.bootstrapRoot(keyId, secret);
        created.ifPresent(key -> {
            RootCredentialsFile.write(settings.dataDirectory(), key, identities.sealer());
            if (keyId == null) {
                // Printed once, straight to the console rather than through the logger, so that the
                // secret never reaches log files or log shippers.
                System.out.println("""

                        ==== Hearth root credentials (shown once; bin/hearth root-credentials shows them again) ====
                        aws_access_key_id = %s
                        aws_secret_access_key = %s
                        ===========================================================================================
                        """.formatted(key.accessKeyId(), key.secretAccessKey()));
                System.out.flush();
            }
        });
    }
}
