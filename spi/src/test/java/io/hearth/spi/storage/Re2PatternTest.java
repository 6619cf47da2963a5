package io.hearth.spi.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's regexp.Compile, unanchored: what MatchString and ReplaceAllString see. */
class Re2PatternTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[[:digit:]]+|a12b|true",  // an ASCII class: Java would read a nested class
        "[[:^alpha:]]|abc|false",
        "[a[]|x[y|true",           // [ is a literal inside brackets
        "[a&&b]|&|true",           // so is &&: Java would intersect
        "a{|xa{y|true",            // not a repetition: a literal brace
        "x{,2}|x{,2}|true",
        "(?P<d>[0-9])|a1|true",
        "(?i)ABC|xabcx|true",
    })
    void findsAsGoMatchStringDoes(String regex, String text, boolean expected) {
        assertEquals(expected, Re2Pattern.compile(regex).matcher(text).find(), regex);
    }

    @Test
    void onlyANewlineEndsALine() {
        assertTrue(Re2Pattern.compile("a.b").matcher("a\rb").find(), "Java's . alone would stop at \\r");
        assertTrue(Re2Pattern.compile("a.b").matcher("a\u2028b").find());
        assertFalse(Re2Pattern.compile("a.b").matcher("a\nb").find());
        assertTrue(Re2Pattern.compile("(?s)a.b").matcher("a\nb").find());
    }

    @Test
    void namedGroupsKeepTheirNamesForReplacement() {
        assertEquals("a<1>", Re2Pattern.compile("(?P<d>[0-9])").matcher("a1").replaceAll("<${d}>"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(a)\\1|invalid escape sequence: `\\1`",
        "a(?=b)|invalid or unsupported Perl syntax: `(?=`",
        "(?!a)|invalid or unsupported Perl syntax: `(?!`",
        "(?>a)|invalid or unsupported Perl syntax: `(?>`",
        "(?x)a|invalid or unsupported Perl syntax: `(?x`",
        "a*+|invalid nested repetition operator: `*+`",
        "[[:nope:]]|invalid character class range: `[:nope:]`",
        "a\\|trailing backslash at end of expression: ``",
        "(?U)a*|the ungreedy flag U is not supported here",
    })
    void refusesWhatRe2RefusesInGosWords(String regex, String description) {
        PatternSyntaxException e = assertThrows(PatternSyntaxException.class, () -> Re2Pattern.compile(regex));
        assertEquals(description, e.getDescription());
        assertEquals(regex, e.getPattern());
    }

    @Test
    void javaSyntaxErrorsStayPatternSyntaxExceptions() {
        assertThrows(PatternSyntaxException.class, () -> Re2Pattern.compile("("));
        assertFalse(Re2Pattern.toJava("a|b").isEmpty());
        assertTrue(Re2Pattern.toJava("(?P<n>x)").startsWith("(?<n>"));
    }
}
