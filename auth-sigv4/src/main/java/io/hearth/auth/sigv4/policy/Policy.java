package io.hearth.auth.sigv4.policy;

import java.util.List;
import java.util.Objects;

/**
 * A parsed policy document. Build one with {@link PolicyParser}.
 *
 * @param version the policy language version, {@code 2012-10-17} or {@code 2008-10-17}
 * @param id the document's {@code Id}, or {@code null}
 * @param kind identity or resource policy
 * @param statements the statements, at least one
 */
public record Policy(String version, String id, PolicyKind kind, List<Statement> statements) {

    public Policy {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one statement");
        }
    }
}
