package io.hearth.auth.sigv4.arn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArnTest {

    @Test
    void buildsAmpArns() {
        assertEquals("arn:aws:aps:us-east-1:123456789012:workspace/ws-example1-1234-abcd-5678-ef90abcd1234",
                ApsArns.workspace("us-east-1", "123456789012", "ws-example1-1234-abcd-5678-ef90abcd1234").toString());
        assertEquals("arn:aws:aps:eu-west-1:123456789012:rulegroupsnamespace/ws-1/rulesfile1",
                ApsArns.ruleGroupsNamespace("eu-west-1", "123456789012", "ws-1", "rulesfile1").toString());
        assertEquals("arn:aws:aps:us-east-1:123456798012:scraper/s-example1",
                ApsArns.scraper("us-east-1", "123456798012", "s-example1").toString());
    }

    @Test
    void parsesAndPrintsBack() {
        for (String text : new String[] {
            "arn:aws:aps:us-east-1:123456789012:workspace/ws-1",
            "arn:aws:iam::123456789012:user/division/alice",
            "arn:aws:sts::123456789012:assumed-role/reader/session",
            "arn:aws:logs:us-east-1:123456789012:log-group:my:group:*",
        }) {
            assertEquals(text, Arn.parse(text).toString());
        }
        Arn user = Arn.parse("arn:aws:iam::123456789012:user/alice");
        assertEquals("", user.region());
        assertEquals("123456789012", user.account());
        assertEquals("user/alice", user.resource());
    }

    @Test
    void findsTheWorkspaceOfAnAmpArn() {
        assertEquals("ws-1", ApsArns.workspaceIdOf(ApsArns.workspace("r", "a", "ws-1")));
        assertEquals("ws-1", ApsArns.workspaceIdOf(ApsArns.ruleGroupsNamespace("r", "a", "ws-1", "n")));
        assertThrows(IllegalArgumentException.class,
                () -> ApsArns.workspaceIdOf(Arn.parse("arn:aws:iam::123456789012:user/alice")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "aws:aps:r:a:workspace/x", "arn:aws:aps:r:a", "arn::aps:r:a:x", "arn:aws::r:a:x",
        "arn:aws:aps:r:a:"})
    void refusesWhatIsNotAnArn(String text) {
        assertThrows(IllegalArgumentException.class, () -> Arn.parse(text));
    }

    @Test
    void refusesIdsThatWouldChangeTheArnsShape() {
        assertThrows(IllegalArgumentException.class, () -> ApsArns.workspace("r", "a", "ws/1"));
        assertThrows(IllegalArgumentException.class, () -> ApsArns.ruleGroupsNamespace("r", "a", "ws-1", ""));
        assertThrows(IllegalArgumentException.class, () -> ApsArns.scraper("r", "a", "s:1"));
    }
}
