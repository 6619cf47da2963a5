package io.hearth.auth.sigv4.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardPatternTest {

    @ParameterizedTest(name = "glob {0} ~ {1} = {2} (ignoreCase {3})")
    @CsvSource(delimiter = '|', value = {
        "*             | anything            | true  | false",
        "*             | ''                  | true  | false",
        "aps:*         | aps:RemoteWrite     | true  | true",
        "aps:*         | APS:remotewrite     | true  | true",
        "aps:*         | APS:remotewrite     | false | false",
        "aps:Query*    | aps:QueryMetrics    | true  | true",
        "aps:Query*    | aps:GetSeries       | false | true",
        "aps:Get?eries | aps:GetSeries       | true  | true",
        "aps:Get?eries | aps:Geteries        | false | true",
        "aps:*Rule*    | aps:PutRuleGroupsNamespace | true | true",
        "a*b*c         | abc                 | true  | false",
        "a*b*c         | aXXbYYc             | true  | false",
        "a*b*c         | aXXbYY              | false | false",
        "??            | a:                  | true  | false",
        "a**           | a                   | true  | false",
    })
    void globTable(String pattern, String text, boolean expected, boolean ignoreCase) {
        assertEquals(expected, WildcardPattern.glob(pattern, ignoreCase).matches(text));
    }

    @ParameterizedTest(name = "arn {0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "*                                           | arn:aws:aps:us-east-1:123456789012:workspace/ws-1 | true",
        "arn:aws:aps:*                               | arn:aws:aps:us-east-1:123456789012:workspace/ws-1 | true",
        "arn:aws:aps:*:*:*                           | arn:aws:aps:us-east-1:123456789012:workspace/ws-1 | true",
        "arn:aws:aps:us-east-1:123456789012:workspace/* | arn:aws:aps:us-east-1:123456789012:workspace/ws-1 | true",
        "arn:aws:aps:us-east-1:123456789012:workspace/* | arn:aws:aps:us-east-1:123456789012:rulegroupsnamespace/ws-1/n | false",
        "arn:aws:aps:us-east-1:123456789012:*/ws-1   | arn:aws:aps:us-east-1:123456789012:workspace/ws-1 | true",
        "arn:aws:aps:us-east-1:123456789012:rulegroupsnamespace/ws-1/* | arn:aws:aps:us-east-1:123456789012:rulegroupsnamespace/ws-1/a/b | true",
        "arn:aws:aps:us-*-1:123456789012:workspace/ws-1 | arn:aws:aps:us-east-1:123456789012:workspace/ws-1 | true",
        "arn:aws:aps:us-*1:123456789012:workspace/ws-1 | arn:aws:aps:us-east-1:1:123456789012:workspace/ws-1 | false",
        "arn:aws:aps:us-east-?:123456789012:workspace/ws-1 | arn:aws:aps:us-east-1:123456789012:workspace/ws-1 | true",
        "arn:aws:aps:us-east-1?123456789012:workspace/ws-1 | arn:aws:aps:us-east-1:123456789012:workspace/ws-1 | false",
        "arn:aws:aps:us-east-1:123456789012:workspace/WS-1 | arn:aws:aps:us-east-1:123456789012:workspace/ws-1 | false",
        "arn:aws:aps:*:123456789012:workspace/ws-1   | arn:aws:aps:us-east-1:999999999999:workspace/ws-1 | false",
    })
    void arnTable(String pattern, String text, boolean expected) {
        assertEquals(expected, WildcardPattern.arn(pattern).matches(text));
    }

    /** The matcher must agree with a plain regular expression built from the same pattern. */
    @Test
    void agreesWithARegexModelOnRandomPatternsAndTexts() {
        long seed = Long.getLong("hearth.test.seed", System.nanoTime());
        Random random = new Random(seed);
        String patternAlphabet = "aAb:/-*?";
        String textAlphabet = "aAbB:/-";
        for (int round = 0; round < 20_000; round++) {
            String pattern = randomString(random, patternAlphabet, 8);
            String text = randomString(random, textAlphabet, 10);
            boolean ignoreCase = random.nextBoolean();
            boolean arn = random.nextBoolean();
            WildcardPattern compiled = arn ? WildcardPattern.arn(pattern) : WildcardPattern.glob(pattern, ignoreCase);
            Pattern model = arn ? arnModel(pattern) : globModel(pattern, ignoreCase);
            boolean expected = model.matcher(text).matches();
            assertEquals(expected, compiled.matches(text), () -> "seed " + seed + " (rerun with -Dhearth.test.seed="
                    + seed + "): " + (arn ? "arn" : "glob ignoreCase=" + ignoreCase) + " pattern '" + pattern
                    + "' text '" + text + "'");
        }
    }

    private static String randomString(Random random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static Pattern globModel(String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
    }

    private static Pattern arnModel(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            boolean endsSegment = i + 1 == pattern.length() || pattern.charAt(i + 1) == ':';
            regex.append(switch (c) {
                case '*' -> endsSegment ? ".*" : "[^:]*";
                case '?' -> "[^:]";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
