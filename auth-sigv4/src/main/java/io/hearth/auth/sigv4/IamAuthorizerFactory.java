package io.hearth.auth.sigv4;

import io.hearth.auth.sigv4.policy.IamAuthorizer;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.Authorizer;
import io.hearth.spi.auth.AuthorizerFactory;

/** Builds the {@code iam} authorizer: IAM-style JSON policies, explicit deny wins, default deny. */
public final class IamAuthorizerFactory implements AuthorizerFactory {

    /** The name to put in {@code hearth.auth.authorizer}. */
    public static final String NAME = "iam";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Authorizer create(PluginContext context) {
        return new IamAuthorizer(context.region());
    }
}
