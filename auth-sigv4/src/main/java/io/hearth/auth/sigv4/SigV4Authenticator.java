package io.hearth.auth.sigv4;

import io.hearth.auth.sigv4.signature.SigV4Verifier;
import io.hearth.auth.sigv4.signature.VerifiedRequest;
import io.hearth.spi.auth.AuthenticationException;
import io.hearth.spi.auth.Authenticator;
import io.hearth.spi.auth.Principal;
import io.hearth.spi.auth.RequestView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates SigV4-signed requests. Returns empty for requests without SigV4 material, a
 * principal for a valid signature, and throws for SigV4 material that does not verify.
 *
 * <p>The principal's attributes: {@code accessKeyId}, {@code credentialType} ({@code long-term} or
 * {@code temporary}), {@code region} and {@code signatureLocation} ({@code header} or {@code query}).
 */
public final class SigV4Authenticator implements Authenticator {

    private final SigV4Verifier verifier;

    /** @param verifier the verifier, with its credential store, region, service and clock */
    public SigV4Authenticator(SigV4Verifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    @Override
    public Optional<Principal> authenticate(RequestView request) throws AuthenticationException {
        Optional<VerifiedRequest> verified = verifier.verify(request);
        if (verified.isEmpty()) {
            return Optional.empty();
        }
        VerifiedRequest v = verified.get();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("accessKeyId", v.credential().accessKeyId());
        attributes.put("credentialType", v.credential().isTemporary() ? "temporary" : "long-term");
        attributes.put("region", v.signature().region());
        attributes.put("signatureLocation", v.signature().presigned() ? "query" : "header");
        return Optional.of(new Principal(v.credential().userName(), v.credential().principalArn(), attributes));
    }
}
