package io.hearth.spi.auth;

import java.util.Map;

/**
 * An authenticated caller.
 *
 * @param name the user name, e.g. {@code root} or {@code alice}
 * @param arn the caller's ARN, used as the principal in policies,
 *     e.g. {@code arn:aws:iam::000000000000:user/alice}
 * @param attributes extra facts established by the authenticator (e.g. the access key id used)
 */
public record Principal(String name, String arn, Map<String, String> attributes) {

    public Principal {
        if (name == null || name.isEmpty() || arn == null || arn.isEmpty()) {
            throw new IllegalArgumentException("a principal needs a name and an ARN");
        }
        attributes = Map.copyOf(attributes == null ? Map.of() : attributes);
    }
}
