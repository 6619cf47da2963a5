package io.hearth.promql.lexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Table of lexer inputs and the token stream they produce ({@code TYPE(text)}, EOF last). */
class LexerTest {

    record Case(String input, String tokens) {}

    static final List<Case> CASES = List.of(
            // Punctuation and operators.
            new Case(",", "COMMA(,) EOF"),
            new Case("()", "LEFT_PAREN(() RIGHT_PAREN()) EOF"),
            new Case("{}", "LEFT_BRACE({) RIGHT_BRACE(}) EOF"),
            new Case("[5m]", "LEFT_BRACKET([) DURATION(5m) RIGHT_BRACKET(]) EOF"),
            new Case("[ 5m]", "LEFT_BRACKET([) DURATION(5m) RIGHT_BRACKET(]) EOF"),
            new Case("[5m:1m]", "LEFT_BRACKET([) DURATION(5m) COLON(:) DURATION(1m) RIGHT_BRACKET(]) EOF"),
            new Case("[5m:]", "LEFT_BRACKET([) DURATION(5m) COLON(:) RIGHT_BRACKET(]) EOF"),
            new Case("\r\n\r", "EOF"),
            new Case("+ - * / % ^", "ADD(+) SUB(-) MUL(*) DIV(/) MOD(%) POW(^) EOF"),
            new Case("== != < <= > >=", "EQLC(==) NEQ(!=) LSS(<) LTE(<=) GTR(>) GTE(>=) EOF"),
            new Case("</ >/", "TRIM_UPPER(</) TRIM_LOWER(>/) EOF"),
            new Case("and or unless atan2", "LAND(and) LOR(or) LUNLESS(unless) ATAN2(atan2) EOF"),
            new Case("AND Or", "LAND(AND) LOR(Or) EOF"),
            new Case("@", "AT(@) EOF"),
            // Numbers.
            new Case("1", "NUMBER(1) EOF"),
            new Case("4.23", "NUMBER(4.23) EOF"),
            new Case(".3", "NUMBER(.3) EOF"),
            new Case("5.", "NUMBER(5.) EOF"),
            new Case("5e-3", "NUMBER(5e-3) EOF"),
            new Case("5e3", "NUMBER(5e3) EOF"),
            new Case("0xc", "NUMBER(0xc) EOF"),
            new Case("0x1_F", "NUMBER(0x1_F) EOF"),
            new Case("1_000", "NUMBER(1_000) EOF"),
            new Case("Inf", "NUMBER(Inf) EOF"),
            new Case("+Inf", "ADD(+) NUMBER(Inf) EOF"),
            new Case("nAN", "NUMBER(nAN) EOF"),
            new Case("NaN123", "IDENTIFIER(NaN123) EOF"),
            new Case("2.5.", "ERROR(bad number or duration syntax: \"2.5.\")"),
            new Case("100..4", "ERROR(bad number or duration syntax: \"100..\")"),
            new Case("0deadbeef", "ERROR(bad number or duration syntax: \"0de\")"),
            new Case("1_", "ERROR(bad number or duration syntax: \"1_\")"),
            // Durations, also outside brackets where they are numbers.
            new Case("5s", "DURATION(5s) EOF"),
            new Case("123m", "DURATION(123m) EOF"),
            new Case("1h30m", "DURATION(1h30m) EOF"),
            new Case("5ms", "DURATION(5ms) EOF"),
            new Case("5y", "DURATION(5y) EOF"),
            new Case("5mx", "ERROR(bad number or duration syntax: \"5mx\")"),
            // Strings.
            new Case("\"test\\tsequence\"", "STRING(\"test\\tsequence\") EOF"),
            new Case("'test'", "STRING('test') EOF"),
            new Case("`raw\\n`", "STRING(`raw\\n`) EOF"),
            new Case("\"\\u00e4\\x41\\101\\U0001F600\"", "STRING(\"\\u00e4\\x41\\101\\U0001F600\") EOF"),
            new Case("\"a", "ERROR(unterminated quoted string)"),
            new Case("`a", "ERROR(unterminated raw string)"),
            new Case("\"\\c\"", "ERROR(unknown escape sequence U+0063 'c')"),
            new Case("\"\\x.\"", "ERROR(illegal character U+002E '.' in escape sequence)"),
            new Case("\"\\", "ERROR(escape sequence not terminated)"),
            new Case("\"\\uD800\"", "ERROR(escape sequence is an invalid Unicode code point)"),
            new Case("'\"'", "STRING('\"') EOF"),
            // Identifiers and keywords.
            new Case("abc d:e", "IDENTIFIER(abc) METRIC_IDENTIFIER(d:e) EOF"),
            new Case(":x", "METRIC_IDENTIFIER(:x) EOF"),
            new Case("sum by without", "SUM(sum) BY(by) WITHOUT(without) EOF"),
            new Case("offset bool on ignoring group_left group_right",
                    "OFFSET(offset) BOOL(bool) ON(on) IGNORING(ignoring) GROUP_LEFT(group_left) GROUP_RIGHT(group_right) EOF"),
            new Case("fill(1)", "FILL(fill) LEFT_PAREN(() NUMBER(1) RIGHT_PAREN()) EOF"),
            new Case("fill + fill_left", "IDENTIFIER(fill) ADD(+) IDENTIFIER(fill_left) EOF"),
            new Case("fill_right (0)", "FILL_RIGHT(fill_right) LEFT_PAREN(() NUMBER(0) RIGHT_PAREN()) EOF"),
            new Case("anchored smoothed start end", "ANCHORED(anchored) SMOOTHED(smoothed) START(start) END(end) EOF"),
            new Case("limitk limit_ratio", "LIMITK(limitk) LIMIT_RATIO(limit_ratio) EOF"),
            // Inside braces keywords are plain identifiers.
            new Case("{on=\"x\", sum!~'y'}",
                    "LEFT_BRACE({) IDENTIFIER(on) EQL(=) STRING(\"x\") COMMA(,) IDENTIFIER(sum) NEQ_REGEX(!~) STRING('y') RIGHT_BRACE(}) EOF"),
            new Case("{a=~\"b\",c!=\"d\"}",
                    "LEFT_BRACE({) IDENTIFIER(a) EQL_REGEX(=~) STRING(\"b\") COMMA(,) IDENTIFIER(c) NEQ(!=) STRING(\"d\") RIGHT_BRACE(}) EOF"),
            new Case("{\"my.metric\", \"label.x\"=\"v\"}",
                    "LEFT_BRACE({) STRING(\"my.metric\") COMMA(,) STRING(\"label.x\") EQL(=) STRING(\"v\") RIGHT_BRACE(}) EOF"),
            new Case("{", "LEFT_BRACE({) ERROR(unexpected end of input inside braces)"),
            new Case("{a:b}", "LEFT_BRACE({) IDENTIFIER(a) ERROR(unexpected character inside braces: ':')"),
            new Case("{{", "LEFT_BRACE({) ERROR(unexpected left brace '{')"),
            // Duration expressions inside brackets.
            new Case("[step()+1]",
                    "LEFT_BRACKET([) STEP(step) LEFT_PAREN(() RIGHT_PAREN()) ADD(+) NUMBER(1) RIGHT_BRACKET(]) EOF"),
            new Case("[MIN_of(1s,range())]",
                    "LEFT_BRACKET([) MIN_OF(MIN_of) LEFT_PAREN(() DURATION(1s) COMMA(,) RANGE(range) LEFT_PAREN(() RIGHT_PAREN()) RIGHT_PAREN()) RIGHT_BRACKET(]) EOF"),
            new Case("[5m x]", "LEFT_BRACKET([) DURATION(5m) ERROR(unexpected character: 'x', expected ':')"),
            new Case("[x]", "LEFT_BRACKET([) ERROR(unexpected character in duration expression: 'x')"),
            new Case("[", "LEFT_BRACKET([) ERROR(unexpected end of input in duration expression)"),
            new Case("[5m", "LEFT_BRACKET([) DURATION(5m) ERROR(unclosed left bracket)"),
            new Case("[:5m]", "LEFT_BRACKET([) ERROR(unexpected colon before duration in duration expression)"),
            new Case("[[", "LEFT_BRACKET([) ERROR(unexpected character in duration expression: '[')"),
            new Case("]", "ERROR(unexpected right bracket ']')"),
            // Parentheses balance, comments, stray characters.
            new Case("(", "LEFT_PAREN(() ERROR(unclosed left parenthesis)"),
            new Case(")", "ERROR(unexpected right parenthesis ')')"),
            new Case("# comment", "COMMENT(# comment) EOF"),
            new Case("5 # c\n+ 1", "NUMBER(5) COMMENT(# c) ADD(+) NUMBER(1) EOF"),
            new Case("=~", "ERROR(unexpected character after '=': '~')"),
            new Case("!x", "ERROR(unexpected character after '!': 'x')"),
            new Case(".", "ERROR(unexpected character: '.')"),
            new Case("ä", "ERROR(unexpected character: 'ä')"));

    @TestFactory
    Stream<DynamicTest> table() {
        return CASES.stream().map(c -> dynamicTest("[" + c.input() + "]", () -> assertEquals(c.tokens(), Lexer.lex(c.input()).toString())));
    }

    @TestFactory
    Stream<DynamicTest> errorPositions() {
        record Pos(String input, int start) {}
        return Stream.of(new Pos("(1))", 4), new Pos("((1)", 4), new Pos("foo[5s x 5s]", 7), new Pos("1 =~ 1", 2),
                        new Pos("foo{", 4), new Pos("sum(rate(", 9))
                .map(c -> dynamicTest(c.input(), () -> {
                    Tokens t = Lexer.lex(c.input());
                    int last = t.size() - 1;
                    assertEquals(TokenType.ERROR, t.type(last));
                    assertEquals(c.start(), t.start(last));
                }));
    }
}
