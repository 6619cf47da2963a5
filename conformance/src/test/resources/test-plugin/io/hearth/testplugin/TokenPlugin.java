package io.hearth.testplugin;

import io.hearth.spi.HearthPlugin;
import io.hearth.spi.PluginContext;
import io.hearth.spi.auth.AuthenticationException;
import io.hearth.spi.auth.Authenticator;
import io.hearth.spi.auth.AuthenticatorFactory;
import io.hearth.spi.auth.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.antlr.v4.runtime.RuntimeMetaData;

/**
 * A bearer-token authenticator compiled by PluginIsolationTest at test time. It reports the
 * version of the ANTLR runtime it sees, which is bundled with it and differs from the kernel's.
 */
public final class TokenPlugin implements HearthPlugin {

    /** The version of the library as this plugin's class loader resolves it. */
    public static String libraryVersion() {
        return RuntimeMetaData.VERSION;
    }

    @Override
    public List<AuthenticatorFactory> authenticatorFactories() {
        return List.of(new AuthenticatorFactory() {
            @Override
            public String name() {
                return "test-token";
            }

            @Override
            public Authenticator create(PluginContext context) {
                String expected = context.property("token").orElseThrow(() -> new IllegalStateException("set hearth.auth.test-token.token"));
                return request -> {
                    String header = request.header("Authorization");
                    if (header == null || !header.startsWith("Bearer ")) {
                        return Optional.empty();
                    }
                    if (!header.substring(7).equals(expected)) {
                        throw new AuthenticationException("UnrecognizedClientException",
                                "token refused by test-token with antlr " + libraryVersion());
                    }
                    return Optional.of(new Principal("token-user", "arn:aws:iam::" + context.accountId() + ":user/token-user",
                            Map.of("antlr", libraryVersion())));
                };
            }
        });
    }
}
