package io.hearth.spi.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {

    @ParameterizedTest(name = "{0} ~ ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
        "foo|foo|true",
        "foo|foobar|false",        // fully anchored
        "foo|xfoo|false",
        ".*|''|true",
        ".+|''|false",
        "a|b|false",
        "a|a|true",
        "[[:digit:]]+|123|true",   // POSIX class inside brackets, RE2 spelling
        "[[:^digit:]]+|abc|true",
        "[[:word:]]+|a_1|true",
        "[]a]+|]a|true",           // ] first in a class is literal
        "[[]|[|true",              // [ inside a class is literal in RE2
        "[a&&b]|&|true",           // && is literal in RE2, an intersection in Java
        "(?P<x>a)b|ab|true",       // RE2 named group
        "(?i)FOO|foo|true",
        "a{2}|aa|true",
        "a{2,}|aaa|true",
        "a{|a{|true",             // not a repetition: literal in RE2
        "a{,2}|a{,2}|true",
        "{x}|{x}|true",
        "(?<n>a)b|ab|true",       // Go's named-group spelling
        "\\d+|42|true",
    })
    void matchesLikePrometheus(String regex, String value, boolean expected) {
        assertEquals(expected, LabelMatcher.regex("l", regex).matches(value));
        assertEquals(!expected, LabelMatcher.notRegex("l", regex).matches(value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"(a)\\1", "a(?=b)", "(?<=a)b", "(?!a)", "(?>a)", "a*+", "a++", "(?U)a*", "[[:nope:]]", "("})
    void refusesWhatRe2Refuses(String regex) {
        assertThrows(IllegalArgumentException.class, () -> LabelMatcher.regex("l", regex));
    }

    @Test
    void dotMatchesNewline() {
        assertTrue(LabelMatcher.regex("l", "f.o").matches("f\no"));
        assertTrue(LabelMatcher.regex("l", "a.*").matches("a\n\n"));
    }

    @Test
    void emptyValueMeansMissing() {
        Labels l = Labels.of("b", "1");
        assertTrue(LabelMatcher.equal("a", "").matches(l));
        assertFalse(LabelMatcher.notEqual("a", "").matches(l));
        assertTrue(LabelMatcher.notEqual("a", "x").matches(l));
        assertTrue(LabelMatcher.regex("a", "x|").matches(l));
        assertFalse(LabelMatcher.notRegex("a", ".*").matches(l));
    }

    @Test
    void literalRegexIsDetectedAndValueSemanticsHold() {
        assertTrue(LabelMatcher.regex("a", "abc").regexIsLiteral());
        assertFalse(LabelMatcher.regex("a", "a.c").regexIsLiteral());
        assertEquals(LabelMatcher.regex("a", "x"), LabelMatcher.regex("a", "x"));
        assertEquals("a=~\"x\\\"y\"", LabelMatcher.regex("a", "x\"y").toString());
    }
}
