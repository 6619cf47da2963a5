package io.hearth.auth.sigv4.policy;

import io.hearth.spi.auth.AuthorizationDecision;
import io.hearth.spi.auth.AuthorizationQuery;
import io.hearth.spi.auth.Authorizer;
import io.hearth.spi.auth.InvalidPolicyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spi {@link Authorizer} over {@link PolicyEvaluator}. Parsed policies are cached by their
 * text, since the same few documents are evaluated on every request.
 */
public final class IamAuthorizer implements Authorizer {

    private static final int MAX_CACHED = 10_000;

    private final String region;
    private final Map<String, Policy> identityCache = new ConcurrentHashMap<>();
    private final Map<String, Policy> resourceCache = new ConcurrentHashMap<>();

    public IamAuthorizer(String region) {
        this.region = region;
    }

    @Override
    public void validate(String document, PolicyKind kind) throws InvalidPolicyException {
        try {
            PolicyParser.parse(document, toKind(kind));
        } catch (MalformedPolicyException e) {
            throw new InvalidPolicyException(e.getMessage());
        }
    }

    @Override
    public AuthorizationDecision authorize(AuthorizationQuery query) {
        AuthorizationRequest request = AuthorizationRequest.of(query.principal().arn(), query.action(), query.resourceArn(), region);
        List<Policy> identity = new ArrayList<>(query.identityPolicies().size());
        for (String document : query.identityPolicies()) {
            Policy policy = cached(identityCache, document, io.hearth.auth.sigv4.policy.PolicyKind.IDENTITY);
            if (policy != null) {
                identity.add(policy);
            }
        }
        Policy resource = query.resourcePolicy() == null ? null
                : cached(resourceCache, query.resourcePolicy(), io.hearth.auth.sigv4.policy.PolicyKind.RESOURCE);
        Decision decision = PolicyEvaluator.evaluate(request, identity, resource);
        return new AuthorizationDecision(decision.allowed(), decision.allowed() ? null : decision.message(request));
    }

    /** A stored policy that no longer parses grants nothing; it was validated when stored. */
    private static Policy cached(Map<String, Policy> cache, String document, io.hearth.auth.sigv4.policy.PolicyKind kind) {
        Policy policy = cache.get(document);
        if (policy == null) {
            try {
                policy = PolicyParser.parse(document, kind);
            } catch (MalformedPolicyException e) {
                return null;
            }
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(document, policy);
        }
        return policy;
    }

    private static io.hearth.auth.sigv4.policy.PolicyKind toKind(PolicyKind kind) {
        return kind == PolicyKind.IDENTITY ? io.hearth.auth.sigv4.policy.PolicyKind.IDENTITY
                : io.hearth.auth.sigv4.policy.PolicyKind.RESOURCE;
    }
}
