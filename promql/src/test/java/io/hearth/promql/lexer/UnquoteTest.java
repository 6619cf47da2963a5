package io.hearth.promql.lexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.promql.ast.Printer;
import org.junit.jupiter.api.Test;

class UnquoteTest {
    @Test
    void escapes() throws Exception {
        assertEquals("a\tb\n\\\"", Unquote.unquote("\"a\\tb\\n\\\\\\\"\""));
        assertEquals("it's", Unquote.unquote("'it\\'s'"));
        assertEquals("raw\\n", Unquote.unquote("`raw\\n`"));
        assertEquals("ä A A 😀", Unquote.unquote("\"\\u00e4 \\x41 \\101 \\U0001F600\""));
        assertEquals("ä", Unquote.unquote("\"\\xc3\\xa4\""), "byte escapes forming UTF-8 decode to the character");
        assertEquals("\u0007\b\f\r\u000b", Unquote.unquote("\"\\a\\b\\f\\r\\v\""));
    }

    @Test
    void invalidUtf8BytesSurviveAndPrintBack() throws Exception {
        String v = Unquote.unquote("\"a\\xc5z\"");
        assertEquals(3, v.length());
        assertEquals("\"a\\xc5z\"", Printer.quote(v));
    }

    @Test
    void rejectsWrongQuoteEscape() {
        assertThrows(Unquote.SyntaxException.class, () -> Unquote.unquote("\"\\'\""));
        assertThrows(Unquote.SyntaxException.class, () -> Unquote.unquote("\"a\"b\""));
        assertThrows(Unquote.SyntaxException.class, () -> Unquote.unquote("\"a"));
    }
}
