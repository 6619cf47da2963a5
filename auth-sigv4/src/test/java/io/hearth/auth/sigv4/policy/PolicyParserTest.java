package io.hearth.auth.sigv4.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyParserTest {

    /** Policies are written with single quotes here for legibility; they become JSON's double quotes. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @Test
    void parsesAStatementObjectWithStringValues() throws Exception {
        Policy policy = PolicyParser.parse(json(
                "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'aps:*','Resource':'*'}}"),
                PolicyKind.IDENTITY);
        assertEquals("2012-10-17", policy.version());
        assertEquals(1, policy.statements().size());
        Statement s = policy.statements().get(0);
        assertEquals(Effect.ALLOW, s.effect());
        assertNull(s.sid());
        assertNull(s.principal());
        assertTrue(s.actions().matches("APS:QueryMetrics"));
    }

    @Test
    void parsesAStatementArrayWithArraysNotElementsAndConditions() throws Exception {
        Policy policy = PolicyParser.parse(json("""
                {'Id':'p1','Statement':[
                  {'Sid':'Read','Effect':'Allow','Principal':{'AWS':['123456789012','arn:aws:iam::123456789012:user/a']},
                   'Action':['aps:QueryMetrics','aps:Get*'],'Resource':['arn:aws:aps:us-east-1:123456789012:workspace/*']},
                  {'Sid':'No writes','Effect':'Deny','Principal':'*','NotAction':'aps:Query*','NotResource':'arn:aws:aps:*',
                   'Condition':{'StringNotLikeIfExists':{'aws:PrincipalArn':['arn:aws:iam::*:user/admin*', 7, true]}}}
                ]}"""), PolicyKind.RESOURCE);
        assertEquals("2008-10-17", policy.version());
        assertEquals("p1", policy.id());
        assertEquals(2, policy.statements().size());
        Statement deny = policy.statements().get(1);
        assertEquals("No writes", deny.sid());
        assertTrue(deny.actions().negated());
        assertTrue(deny.resources().negated());
        assertEquals(1, deny.conditions().size());
        Condition c = deny.conditions().get(0);
        assertEquals(ConditionOperator.STRING_NOT_LIKE, c.operator());
        assertTrue(c.ifExists());
        assertEquals(java.util.List.of("arn:aws:iam::*:user/admin*", "7", "true"), c.values());
    }

    static Stream<Arguments> malformed() {
        String allow = "'Effect':'Allow','Action':'aps:*','Resource':'*'";
        return Stream.of(
                Arguments.of("", PolicyKind.IDENTITY, "empty"),
                Arguments.of("{'Statement':[{" + allow + "},]}", PolicyKind.IDENTITY, "not valid JSON"),
                Arguments.of("[]", PolicyKind.IDENTITY, "must be a JSON object"),
                Arguments.of("{'Version':'2012-10-17'}", PolicyKind.IDENTITY, "no Statement"),
                Arguments.of("{'Statement':[]}", PolicyKind.IDENTITY, "Statement array is empty"),
                Arguments.of("{'Statement':['x']}", PolicyKind.IDENTITY, "must be a JSON object; statement 1 is a string"),
                Arguments.of("{'Version':'2020-01-01','Statement':{" + allow + "}}", PolicyKind.IDENTITY, "Version must be"),
                Arguments.of("{'Version':20121017,'Statement':{" + allow + "}}", PolicyKind.IDENTITY, "Version must be a string"),
                Arguments.of("{'Statment':{" + allow + "}}", PolicyKind.IDENTITY, "Unknown element \"Statment\""),
                Arguments.of("{'Statement':{" + allow + ",'Actions':'x'}}", PolicyKind.IDENTITY, "Unknown element \"Actions\""),
                Arguments.of("{'Statement':{'Action':'aps:*','Resource':'*'}}", PolicyKind.IDENTITY, "Missing Effect"),
                Arguments.of("{'Statement':{'Effect':'allow','Action':'aps:*','Resource':'*'}}", PolicyKind.IDENTITY,
                        "must be \"Allow\" or \"Deny\""),
                Arguments.of("{'Statement':{'Effect':'Allow','Resource':'*'}}", PolicyKind.IDENTITY,
                        "Neither Action nor NotAction"),
                Arguments.of("{'Statement':{" + allow + ",'NotAction':'aps:x'}}", PolicyKind.IDENTITY,
                        "Both Action and NotAction"),
                Arguments.of("{'Statement':{'Effect':'Allow','Action':'aps:*'}}", PolicyKind.IDENTITY,
                        "Neither Resource nor NotResource"),
                Arguments.of("{'Statement':{'Effect':'Allow','Action':'RemoteWrite','Resource':'*'}}", PolicyKind.IDENTITY,
                        "prefaced by a vendor"),
                Arguments.of("{'Statement':{'Effect':'Allow','Action':[],'Resource':'*'}}", PolicyKind.IDENTITY,
                        "non-empty array of strings"),
                Arguments.of("{'Statement':{'Effect':'Allow','Action':['aps:*', 1],'Resource':'*'}}", PolicyKind.IDENTITY,
                        "must be a string, not number"),
                Arguments.of("{'Statement':{'Effect':'Allow','Action':'aps:*','Resource':'workspace/ws-1'}}",
                        PolicyKind.IDENTITY, "must be in ARN format"),
                Arguments.of("{'Statement':{'Effect':'Allow','Action':'aps:*','Resource':'arn:aws:aps:us-east-1'}}",
                        PolicyKind.IDENTITY, "six ':'-separated parts"),
                Arguments.of("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'aps:*',"
                        + "'Resource':'arn:aws:aps:*:*:workspace/${aws:username}'}}", PolicyKind.IDENTITY,
                        "Policy variables"),
                Arguments.of("{'Statement':[{'Sid':'A'," + allow + "},{'Sid':'A'," + allow + "}]}", PolicyKind.IDENTITY,
                        "must be unique"),
                Arguments.of("{'Statement':{'Sid':'has space'," + allow + "}}", PolicyKind.IDENTITY, "alpha-numeric"),
                Arguments.of("{'Statement':{'Principal':'*'," + allow + "}}", PolicyKind.IDENTITY,
                        "should not specify a principal"),
                Arguments.of("{'Statement':{" + allow + "}}", PolicyKind.RESOURCE, "Missing Principal"),
                Arguments.of("{'Statement':{'NotPrincipal':{'AWS':'*'}," + allow + "}}", PolicyKind.RESOURCE,
                        "NotPrincipal is not supported"),
                Arguments.of("{'Statement':{'Principal':{'Service':'aps.amazonaws.com'}," + allow + "}}",
                        PolicyKind.RESOURCE, "Unsupported principal type \"Service\""),
                Arguments.of("{'Statement':{'Principal':{'AWS':'arn:aws:iam::*:root'}," + allow + "}}",
                        PolicyKind.RESOURCE, "Invalid principal"),
                Arguments.of("{'Statement':{'Principal':'alice'," + allow + "}}", PolicyKind.RESOURCE,
                        "Invalid principal"),
                Arguments.of("{'Statement':{'Principal':{}," + allow + "}}", PolicyKind.RESOURCE, "Invalid principal"),
                Arguments.of("{'Statement':{" + allow + ",'Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}}}",
                        PolicyKind.IDENTITY, "Unsupported condition operator \"IpAddress\""),
                Arguments.of("{'Statement':{" + allow + ",'Condition':{'StringEquals':{'aws:SourceVpc':'v'}}}}",
                        PolicyKind.IDENTITY, "Unsupported condition key \"aws:SourceVpc\""),
                Arguments.of("{'Statement':{" + allow + ",'Condition':{'ForAnyValue:StringEquals':{'aws:username':'a'}}}}",
                        PolicyKind.IDENTITY, "ForAnyValue/ForAllValues are not supported"),
                Arguments.of("{'Statement':{" + allow + ",'Condition':{'ArnLike':{'aws:username':'a'}}}}",
                        PolicyKind.IDENTITY, "compares ARNs"),
                Arguments.of("{'Statement':{" + allow + ",'Condition':{'StringEquals':{'aws:username':[]}}}}",
                        PolicyKind.IDENTITY, "at least one value"),
                Arguments.of("{'Statement':{" + allow + ",'Condition':{'StringEquals':{'aws:username':{'a':1}}}}}",
                        PolicyKind.IDENTITY, "not object"),
                Arguments.of("{'Statement':{" + allow + ",'Condition':{'StringEquals':{}}}}",
                        PolicyKind.IDENTITY, "non-empty object of condition keys"),
                Arguments.of("{'Statement':{" + allow + ",'Condition':'x'}}", PolicyKind.IDENTITY, "must be an object"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("malformed")
    void refusesMalformedDocumentsSayingWhy(String document, PolicyKind kind, String fragment) {
        MalformedPolicyException e = assertThrows(MalformedPolicyException.class,
                () -> PolicyParser.parse(json(document), kind));
        assertEquals("MalformedPolicyDocument", e.code());
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
    }

    @Test
    void refusesOversizedDocuments() {
        String big = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"aps:*\",\"Resource\":\"*\"}}"
                + " ".repeat(PolicyParser.MAX_DOCUMENT_CHARS);
        MalformedPolicyException e = assertThrows(MalformedPolicyException.class,
                () -> PolicyParser.parse(big, PolicyKind.IDENTITY));
        assertTrue(e.getMessage().contains("longer than"));
    }

    @Test
    void policyVariablesAreLiteralInTheOldVersion() throws Exception {
        Policy policy = PolicyParser.parse(json("{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'aps:*',"
                + "'Resource':'arn:aws:aps:*:*:workspace/${x}'}}"), PolicyKind.IDENTITY);
        assertTrue(policy.statements().get(0).resources().matches("arn:aws:aps:r:a:workspace/${x}"));
    }
}
