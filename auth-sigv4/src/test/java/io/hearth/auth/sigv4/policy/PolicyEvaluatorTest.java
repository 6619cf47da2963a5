package io.hearth.auth.sigv4.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.auth.sigv4.arn.ApsArns;
import io.hearth.auth.sigv4.policy.Decision.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Evaluation as a table: identity policies, resource policy, request, expected outcome. */
class PolicyEvaluatorTest {

    private static final String ACCOUNT = "123456789012";
    private static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    private static final String BOB = "arn:aws:iam::123456789012:user/bob";
    private static final String OUTSIDER = "arn:aws:iam::999999999999:user/eve";
    private static final String READER_SESSION = "arn:aws:sts::123456789012:assumed-role/reader/session-1";
    private static final String WS1 = ApsArns.workspace("us-east-1", ACCOUNT, "ws-1").toString();
    private static final String WS2 = ApsArns.workspace("us-east-1", ACCOUNT, "ws-2").toString();
    private static final String NS = ApsArns.ruleGroupsNamespace("us-east-1", ACCOUNT, "ws-1", "alerts").toString();

    private static final String ALL_APS = "{'Statement':{'Effect':'Allow','Action':'aps:*','Resource':'*'}}";
    private static final String QUERY_WS1 = "{'Statement':{'Effect':'Allow','Action':['aps:QueryMetrics','aps:Get*'],"
            + "'Resource':'" + WS1 + "'}}";
    private static final String DENY_WRITES = "{'Statement':{'Effect':'Deny','Action':'aps:RemoteWrite','Resource':'*'}}";
    private static final String ALL_BUT_DELETE = "{'Statement':{'Effect':'Allow','NotAction':'aps:Delete*',"
            + "'Resource':'*'}}";
    private static final String ALL_BUT_WS2 = "{'Statement':{'Effect':'Allow','Action':'aps:*',"
            + "'NotResource':'" + WS2 + "'}}";
    private static final String ONLY_ALICE_ARN = "{'Statement':{'Effect':'Allow','Action':'aps:*','Resource':'*',"
            + "'Condition':{'StringEquals':{'aws:PrincipalArn':'" + ALICE + "'}}}}";
    private static final String ARN_LIKE_ADMINS = "{'Statement':{'Effect':'Allow','Action':'aps:*','Resource':'*',"
            + "'Condition':{'ArnLike':{'AWS:principalarn':'arn:aws:iam::*:user/a*'}}}}";
    private static final String DENY_UNLESS_ALICE = "{'Statement':[" + "{'Effect':'Allow','Action':'aps:*','Resource':'*'},"
            + "{'Effect':'Deny','Action':'aps:*','Resource':'*','Condition':{'StringNotEquals':{'aws:username':'alice'}}}]}";
    private static final String DENY_UNLESS_ALICE_IF_EXISTS = "{'Statement':["
            + "{'Effect':'Allow','Action':'aps:*','Resource':'*'},"
            + "{'Effect':'Deny','Action':'aps:*','Resource':'*','Condition':"
            + "{'StringNotEqualsIfExists':{'aws:username':'alice'}}}]}";
    private static final String ALLOW_IF_USERNAME_LIKE = "{'Statement':{'Effect':'Allow','Action':'aps:*','Resource':'*',"
            + "'Condition':{'StringLike':{'aws:username':['b?b','carol']}}}}";
    private static final String REGION_CONDITION = "{'Statement':{'Effect':'Allow','Action':'aps:*','Resource':'*',"
            + "'Condition':{'StringEqualsIgnoreCase':{'aws:RequestedRegion':'US-EAST-1'}}}}";

    private static final String RESOURCE_ALLOW_ACCOUNT = "{'Statement':{'Effect':'Allow','Principal':{'AWS':'"
            + ACCOUNT + "'},'Action':'aps:RemoteWrite','Resource':'" + WS1 + "'}}";
    private static final String RESOURCE_ALLOW_BOB = "{'Statement':{'Effect':'Allow','Principal':{'AWS':['" + BOB
            + "']},'Action':'aps:QueryMetrics','Resource':'" + WS1 + "'}}";
    private static final String RESOURCE_ALLOW_READER_ROLE = "{'Statement':{'Effect':'Allow','Principal':{'AWS':"
            + "'arn:aws:iam::123456789012:role/team/reader'},'Action':'aps:QueryMetrics','Resource':'" + WS1 + "'}}";
    private static final String RESOURCE_DENY_EVERYONE_NS = "{'Statement':{'Effect':'Deny','Principal':'*',"
            + "'Action':'aps:*','Resource':'arn:aws:aps:us-east-1:123456789012:rulegroupsnamespace/ws-1/*'}}";
    private static final String RESOURCE_ALLOW_ROOT = "{'Statement':{'Effect':'Allow','Principal':{'AWS':"
            + "'arn:aws:iam::123456789012:root'},'Action':'aps:*','Resource':'*'}}";

    static Stream<Arguments> table() {
        return Stream.of(
                row("no policies at all", List.of(), null, ALICE, "aps:QueryMetrics", WS1, Outcome.IMPLICIT_DENY),
                row("identity allow all aps", List.of(ALL_APS), null, ALICE, "aps:RemoteWrite", WS1, Outcome.ALLOW),
                row("actions match regardless of case", List.of(QUERY_WS1), null, ALICE, "APS:querymetrics", WS1,
                        Outcome.ALLOW),
                row("action wildcard", List.of(QUERY_WS1), null, ALICE, "aps:GetLabels", WS1, Outcome.ALLOW),
                row("action not listed", List.of(QUERY_WS1), null, ALICE, "aps:RemoteWrite", WS1, Outcome.IMPLICIT_DENY),
                row("other service", List.of(ALL_APS), null, ALICE, "iam:CreateUser", "*", Outcome.IMPLICIT_DENY),
                row("resource not listed", List.of(QUERY_WS1), null, ALICE, "aps:QueryMetrics", WS2,
                        Outcome.IMPLICIT_DENY),
                row("explicit deny wins over allow", List.of(ALL_APS, DENY_WRITES), null, ALICE, "aps:RemoteWrite", WS1,
                        Outcome.EXPLICIT_DENY),
                row("deny of another action", List.of(ALL_APS, DENY_WRITES), null, ALICE, "aps:QueryMetrics", WS1,
                        Outcome.ALLOW),
                row("NotAction excludes", List.of(ALL_BUT_DELETE), null, ALICE, "aps:DeleteWorkspace", WS1,
                        Outcome.IMPLICIT_DENY),
                row("NotAction includes the rest", List.of(ALL_BUT_DELETE), null, ALICE, "aps:CreateWorkspace", "*",
                        Outcome.ALLOW),
                row("NotResource excludes", List.of(ALL_BUT_WS2), null, ALICE, "aps:QueryMetrics", WS2,
                        Outcome.IMPLICIT_DENY),
                row("NotResource includes the rest", List.of(ALL_BUT_WS2), null, ALICE, "aps:QueryMetrics", NS,
                        Outcome.ALLOW),
                row("StringEquals on aws:PrincipalArn, matching", List.of(ONLY_ALICE_ARN), null, ALICE,
                        "aps:QueryMetrics", WS1, Outcome.ALLOW),
                row("StringEquals on aws:PrincipalArn, other", List.of(ONLY_ALICE_ARN), null, BOB, "aps:QueryMetrics",
                        WS1, Outcome.IMPLICIT_DENY),
                row("ArnLike, key name in any case", List.of(ARN_LIKE_ADMINS), null, ALICE, "aps:QueryMetrics", WS1,
                        Outcome.ALLOW),
                row("ArnLike, not matching", List.of(ARN_LIKE_ADMINS), null, BOB, "aps:QueryMetrics", WS1,
                        Outcome.IMPLICIT_DENY),
                row("negated condition, other user", List.of(DENY_UNLESS_ALICE), null, BOB, "aps:QueryMetrics", WS1,
                        Outcome.EXPLICIT_DENY),
                row("negated condition, the user", List.of(DENY_UNLESS_ALICE), null, ALICE, "aps:QueryMetrics", WS1,
                        Outcome.ALLOW),
                row("negated condition holds when the key is missing", List.of(DENY_UNLESS_ALICE), null, READER_SESSION,
                        "aps:QueryMetrics", WS1, Outcome.EXPLICIT_DENY),
                row("IfExists holds when the key is missing", List.of(DENY_UNLESS_ALICE_IF_EXISTS), null,
                        READER_SESSION, "aps:QueryMetrics", WS1, Outcome.EXPLICIT_DENY),
                row("plain condition fails when the key is missing", List.of(ALLOW_IF_USERNAME_LIKE), null,
                        READER_SESSION, "aps:QueryMetrics", WS1, Outcome.IMPLICIT_DENY),
                row("StringLike with ?", List.of(ALLOW_IF_USERNAME_LIKE), null, BOB, "aps:QueryMetrics", WS1,
                        Outcome.ALLOW),
                row("StringEqualsIgnoreCase on the region", List.of(REGION_CONDITION), null, BOB, "aps:QueryMetrics",
                        WS1, Outcome.ALLOW),
                row("resource policy allows the account", List.of(), RESOURCE_ALLOW_ACCOUNT, BOB, "aps:RemoteWrite",
                        WS1, Outcome.ALLOW),
                row("resource policy: other account", List.of(), RESOURCE_ALLOW_ACCOUNT, OUTSIDER, "aps:RemoteWrite",
                        WS1, Outcome.IMPLICIT_DENY),
                row("resource policy: other resource", List.of(), RESOURCE_ALLOW_ACCOUNT, BOB, "aps:RemoteWrite", WS2,
                        Outcome.IMPLICIT_DENY),
                row("resource policy names the user", List.of(), RESOURCE_ALLOW_BOB, BOB, "aps:QueryMetrics", WS1,
                        Outcome.ALLOW),
                row("resource policy names another user", List.of(), RESOURCE_ALLOW_BOB, ALICE, "aps:QueryMetrics",
                        WS1, Outcome.IMPLICIT_DENY),
                row("role in resource policy covers its sessions", List.of(), RESOURCE_ALLOW_READER_ROLE,
                        READER_SESSION, "aps:QueryMetrics", WS1, Outcome.ALLOW),
                row("account root principal covers its users", List.of(), RESOURCE_ALLOW_ROOT, ALICE,
                        "aps:DeleteWorkspace", WS1, Outcome.ALLOW),
                row("resource deny beats identity allow", List.of(ALL_APS), RESOURCE_DENY_EVERYONE_NS, ALICE,
                        "aps:DescribeRuleGroupsNamespace", NS, Outcome.EXPLICIT_DENY),
                row("resource deny elsewhere leaves identity allow", List.of(ALL_APS), RESOURCE_DENY_EVERYONE_NS,
                        ALICE, "aps:DescribeWorkspace", WS1, Outcome.ALLOW),
                row("identity deny beats resource allow", List.of(DENY_WRITES), RESOURCE_ALLOW_ACCOUNT, BOB,
                        "aps:RemoteWrite", WS1, Outcome.EXPLICIT_DENY));
    }

    private static Arguments row(String name, List<String> identity, String resource, String principal, String action,
            String resourceArn, Outcome expected) {
        return Arguments.of(name, identity, resource, principal, action, resourceArn, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, List<String> identity, String resource, String principal, String action,
            String resourceArn, Outcome expected) throws Exception {
        List<Policy> identityPolicies = new ArrayList<>();
        for (String document : identity) {
            identityPolicies.add(PolicyParser.parse(document.replace('\'', '"'), PolicyKind.IDENTITY));
        }
        Policy resourcePolicy = resource == null ? null
                : PolicyParser.parse(resource.replace('\'', '"'), PolicyKind.RESOURCE);
        AuthorizationRequest request = AuthorizationRequest.of(principal, action, resourceArn, "us-east-1");
        Decision decision = PolicyEvaluator.evaluate(request, identityPolicies, resourcePolicy);
        assertEquals(expected, decision.outcome(), decision.message(request));
    }

    @org.junit.jupiter.api.Test
    void deniedMessagesUseAwsWording() throws Exception {
        AuthorizationRequest request = AuthorizationRequest.of(ALICE, "aps:RemoteWrite", WS1, "us-east-1");
        Decision implicit = PolicyEvaluator.evaluate(request, List.of(), null);
        assertEquals("User: " + ALICE + " is not authorized to perform: aps:RemoteWrite on resource: " + WS1
                + " because no identity-based policy allows the aps:RemoteWrite action", implicit.message(request));
        Decision explicit = PolicyEvaluator.evaluate(request,
                List.of(PolicyParser.parse(DENY_WRITES.replace('\'', '"'), PolicyKind.IDENTITY)), null);
        assertEquals("User: " + ALICE + " is not authorized to perform: aps:RemoteWrite on resource: " + WS1
                + " with an explicit deny in an identity-based policy", explicit.message(request));
    }
}
