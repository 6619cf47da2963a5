package io.hearth.kernel.plugin;

import io.hearth.kernel.amp.AmpException;
import io.hearth.spi.auth.Authorizer;
import io.hearth.spi.auth.InvalidPolicyException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Checks policy documents with the configured authorizer before they are stored. */
@ApplicationScoped
public class PolicyValidation {

    private PluginRegistry plugins;

    /** For CDI proxies only. */
    protected PolicyValidation() {
    }

    @Inject
    PolicyValidation(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    /**
     * @param field the request member holding the document, for the error
     * @throws AmpException a ValidationException with the authorizer's reason
     */
    public void check(String field, String document, Authorizer.PolicyKind kind) {
        if (document == null || document.isBlank()) {
            throw AmpException.invalidField(field, field + " is required");
        }
        Plugins.Bound<Authorizer> authorizer = plugins.authorizer();
        try {
            authorizer.call(instance -> {
                instance.validate(document, kind);
                return null;
            });
        } catch (InvalidPolicyException e) {
            throw AmpException.invalidField(field, "Invalid policy document: " + e.getMessage());
        }
    }
}
