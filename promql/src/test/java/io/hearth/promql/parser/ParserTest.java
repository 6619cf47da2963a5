package io.hearth.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.AtPreprocessor;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.BinaryOp;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.DurationExpr;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.Functions;
import io.hearth.promql.ast.LabelMatcher;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.NumberLiteral;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.PositionRange;
import io.hearth.promql.ast.Printer;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.UnaryOp;
import io.hearth.promql.ast.VectorMatching;
import io.hearth.promql.ast.VectorMatching.Cardinality;
import io.hearth.promql.ast.VectorSelector;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Parser tables: input to expected tree, input to canonical printed form, input to expected
 * error. Error texts and positions are Prometheus' ({@code line:column: parse error: ...}).
 */
class ParserTest {
    private static final PositionRange P = PositionRange.NONE;

    static VectorSelector vs(String name, LabelMatcher... extra) {
        List<LabelMatcher> ms = new java.util.ArrayList<>(List.of(extra));
        if (!name.isEmpty()) {
            ms.add(LabelMatcher.equal("__name__", name));
        }
        return new VectorSelector(name, ms, 0, null, null, AtPreprocessor.NONE, false, false, P);
    }

    static NumberLiteral num(double v) {
        return NumberLiteral.of(v);
    }

    static NumberLiteral dur(double seconds) {
        return new NumberLiteral(seconds, true, P);
    }

    static VectorMatching oneToOne() {
        return new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of(), null, null);
    }

    record TreeCase(String input, Expr expected) {}

    static final List<TreeCase> TREES = List.of(
            new TreeCase("1", num(1)),
            new TreeCase("-1", num(-1)),
            new TreeCase("0x1F", num(31)),
            new TreeCase("010", num(8)),
            new TreeCase("1h30m", dur(5400)),
            new TreeCase("\"a\\nb\"", new StringLiteral("a\nb", P)),
            new TreeCase("1 + 2 * 3", new BinaryExpr(BinaryOp.ADD, num(1),
                    new BinaryExpr(BinaryOp.MUL, num(2), num(3), null, false, P), null, false, P)),
            new TreeCase("2 ^ 3 ^ 2", new BinaryExpr(BinaryOp.POW, num(2),
                    new BinaryExpr(BinaryOp.POW, num(3), num(2), null, false, P), null, false, P)),
            new TreeCase("-a ^ 2", new UnaryExpr(UnaryOp.MINUS,
                    new BinaryExpr(BinaryOp.POW, vs("a"), num(2), null, false, P), P)),
            new TreeCase("-a * b", new BinaryExpr(BinaryOp.MUL, new UnaryExpr(UnaryOp.MINUS, vs("a"), P), vs("b"),
                    oneToOne(), false, P)),
            new TreeCase("a and b or c", new BinaryExpr(BinaryOp.OR,
                    new BinaryExpr(BinaryOp.AND, vs("a"), vs("b"),
                            new VectorMatching(Cardinality.MANY_TO_MANY, List.of(), false, List.of(), null, null), false, P),
                    vs("c"), new VectorMatching(Cardinality.MANY_TO_MANY, List.of(), false, List.of(), null, null), false, P)),
            new TreeCase("foo{a=\"b\", c!~\"d\"}", vs("foo", LabelMatcher.equal("a", "b"),
                    new LabelMatcher(LabelMatcher.Type.NOT_REGEX, "c", "d"))),
            new TreeCase("{\"my.metric\", \"label.x\"=\"v\"}", new VectorSelector("", List.of(
                    LabelMatcher.equal("__name__", "my.metric"), LabelMatcher.equal("label.x", "v")), 0, null, null,
                    AtPreprocessor.NONE, false, false, P)),
            new TreeCase("foo[5m] offset -1h @ end()", new MatrixSelector(new VectorSelector("foo",
                    List.of(LabelMatcher.equal("__name__", "foo")), -3_600_000, null, null, AtPreprocessor.END, false,
                    false, P), 300_000, null, P)),
            new TreeCase("foo @ 1.5", new VectorSelector("foo", List.of(LabelMatcher.equal("__name__", "foo")), 0,
                    null, 1500L, AtPreprocessor.NONE, false, false, P)),
            new TreeCase("rate(foo[1m])[5m:]", new SubqueryExpr(new Call(Functions.get("rate"),
                    List.of(new MatrixSelector(vs("foo"), 60_000, null, P)), P), 300_000, null, 0, null, 0, null, null,
                    AtPreprocessor.NONE, P)),
            new TreeCase("topk by (job) (3, foo)", new AggregateExpr(AggregateOp.TOPK, vs("foo"), num(3),
                    List.of("job"), false, P)),
            new TreeCase("sum(foo) without (a, \"b.c\")", new AggregateExpr(AggregateOp.SUM, vs("foo"), null,
                    List.of("a", "b.c"), true, P)),
            new TreeCase("a * on (x) group_left (y) b", new BinaryExpr(BinaryOp.MUL, vs("a"), vs("b"),
                    new VectorMatching(Cardinality.MANY_TO_ONE, List.of("x"), true, List.of("y"), null, null), false, P)),
            new TreeCase("a > bool 1", new BinaryExpr(BinaryOp.GTR, vs("a"), num(1), null, true, P)),
            new TreeCase("a + fill_left(1) fill_right(-2) b", new BinaryExpr(BinaryOp.ADD, vs("a"), vs("b"),
                    new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of(), 1.0, -2.0), false, P)),
            new TreeCase("foo[5m + step()]", new MatrixSelector(vs("foo"), 0, new DurationExpr(DurationExpr.Op.ADD,
                    dur(300), new DurationExpr(DurationExpr.Op.STEP, null, null, false, P), false, P), P)),
            new TreeCase("foo offset 1 + 2", new BinaryExpr(BinaryOp.ADD, new VectorSelector("foo",
                    List.of(LabelMatcher.equal("__name__", "foo")), 1000, null, null, AtPreprocessor.NONE, false, false,
                    P), num(2), null, false, P)),
            new TreeCase("(1)", new ParenExpr(num(1), P)),
            new TreeCase("sum", vs("sum")),
            new TreeCase("rate(x[5m] anchored)", new Call(Functions.get("rate"), List.of(new MatrixSelector(
                    new VectorSelector("x", List.of(LabelMatcher.equal("__name__", "x")), 0, null, null,
                            AtPreprocessor.NONE, true, false, P), 300_000, null, P)), P)));

    @TestFactory
    Stream<DynamicTest> trees() {
        return TREES.stream().map(c -> dynamicTest("[" + c.input() + "]", () ->
                assertEquals(c.expected().canonical(), Parser.parse(c.input(), ParserOptions.ALL).canonical())));
    }

    record PrintCase(String input, String printed) {}

    static final List<PrintCase> PRINTED = List.of(
            new PrintCase("1", "1"),
            new PrintCase("1.5e3", "1500"),
            new PrintCase("1e-7", "0.0000001"),
            new PrintCase("-Inf", "-Inf"),
            new PrintCase("+Inf", "+Inf"),
            new PrintCase("NaN", "NaN"),
            new PrintCase("90s", "1m30s"),
            new PrintCase("-5m", "-5m"),
            new PrintCase("'single'", "\"single\""),
            new PrintCase("`raw\\`", "\"raw\\\\\""),
            new PrintCase("foo{b=\"1\",a=\"2\"}", "foo{a=\"2\",b=\"1\"}"),
            new PrintCase("{__name__=\"foo\"}", "{__name__=\"foo\"}"),
            new PrintCase("{\"my.metric\"}", "{__name__=\"my.metric\"}"),
            new PrintCase("{\"label.x\"=\"v\", a=\"b\"}", "{\"label.x\"=\"v\",a=\"b\"}"),
            new PrintCase("foo[1800]", "foo[30m]"),
            new PrintCase("foo[7d]", "foo[1w]"),
            new PrintCase("foo[8d]", "foo[8d]"),
            new PrintCase("foo[1h:]", "foo[1h:]"),
            new PrintCase("foo[1h:5m] offset 10m", "foo[1h:5m] offset 10m"),
            new PrintCase("foo offset -10m @ 100", "foo @ 100.000 offset -10m"),
            new PrintCase("foo @ start()", "foo @ start()"),
            new PrintCase("foo[5m] @ end() offset 1s", "foo[5m] @ end() offset 1s"),
            new PrintCase("foo[5m] smoothed", "foo[5m] smoothed"),
            new PrintCase("sum by (a,b) (x)", "sum by (a, b) (x)"),
            new PrintCase("sum(x) by ()", "sum(x)"),
            new PrintCase("sum without () (x)", "sum without () (x)"),
            new PrintCase("SUM(x)", "sum(x)"),
            new PrintCase("count_values(\"v\", x)", "count_values(\"v\", x)"),
            new PrintCase("a + on(b) group_left c", "a + on (b) group_left () c"),
            new PrintCase("a - ignoring() c", "a - c"),
            new PrintCase("a or ignoring(x) b", "a or ignoring (x) b"),
            new PrintCase("a == bool on() b", "a == bool on () b"),
            new PrintCase("a + fill(0) b", "a + fill (0) b"),
            new PrintCase("a + fill_left(1e-7) b", "a + fill_left (1e-07) b"),
            new PrintCase("a </ 5", "a </ 5"),
            new PrintCase("-(a)", "-(a)"),
            new PrintCase("- 1", "-1"),
            new PrintCase("+a", "+a"),
            new PrintCase("a atan2 b", "a atan2 b"),
            new PrintCase("label_join(x, \"a\", \",\", \"b\", \"c\")", "label_join(x, \"a\", \",\", \"b\", \"c\")"),
            new PrintCase("foo[(5m)]", "foo[(5m)]"),
            new PrintCase("foo[-(-5m)]", "foo[-(-5m)]"),
            new PrintCase("foo[2m*(10+5)]", "foo[2m * (10 + 5)]"),
            new PrintCase("foo[1h/2:step()]", "foo[1h / 2:step()]"),
            new PrintCase("foo offset -step()", "foo offset -step()"),
            new PrintCase("foo offset (2 ^ 2)", "foo offset (2 ^ 2)"),
            new PrintCase("foo offset -2 * 2", "foo offset -2s * 2"),
            new PrintCase("foo offset max_of(3s, min_of(range(), 1s))", "foo offset max_of(3s, min_of(range(), 1s))"),
            new PrintCase("1 # comment\n+ 2", "1 + 2"),
            new PrintCase("info(x, {__name__=~\".+_info\"})", "info(x, {__name__=~\".+_info\"})"),
            new PrintCase("\"a\\xc5z\"", "\"a\\xc5z\""),
            new PrintCase("\"\\u00e4\\t\"", "\"ä\\t\""));

    @TestFactory
    Stream<DynamicTest> printed() {
        return PRINTED.stream().map(c -> dynamicTest("[" + c.input() + "]", () -> {
            Expr e = Parser.parse(c.input(), ParserOptions.ALL);
            assertEquals(c.printed(), Printer.print(e));
            assertEquals(e.canonical(), Parser.parse(Printer.print(e), ParserOptions.ALL).canonical(), "round trip");
        }));
    }

    record ErrorCase(String input, String message, ParserOptions options) {
        ErrorCase(String input, String message) {
            this(input, message, ParserOptions.ALL);
        }
    }

    static final List<ErrorCase> ERRORS = List.of(
            // Lexical.
            new ErrorCase("", "unknown position: parse error: no expression found in input"),
            new ErrorCase("# only a comment", "1:1: parse error: no expression found in input"),
            new ErrorCase("1 +", "1:4: parse error: unexpected end of input"),
            new ErrorCase("(1))", "1:5: parse error: unexpected right parenthesis ')'"),
            new ErrorCase("sum(rate(x[5m])", "1:16: parse error: unclosed left parenthesis"),
            new ErrorCase("x{", "1:3: parse error: unexpected end of input inside braces"),
            new ErrorCase("1.2.3", "1:1: parse error: bad number or duration syntax: \"1.2.\""),
            new ErrorCase("\"abc", "1:1: parse error: unterminated quoted string"),
            new ErrorCase("foo\n  + \"\\q\"", "2:5: parse error: unknown escape sequence U+0071 'q'"),
            // Syntax.
            new ErrorCase("*1", "1:1: parse error: unexpected <op:*>"),
            new ErrorCase("foo bar", "1:5: parse error: unexpected identifier \"bar\""),
            new ErrorCase("foo by", "1:5: parse error: unexpected <by>"),
            new ErrorCase("sum x", "1:5: parse error: unexpected identifier \"x\""),
            new ErrorCase("sum(foo bar)", "1:9: parse error: unexpected identifier \"bar\" in aggregation"),
            new ErrorCase("sum(rate(1 +))", "1:13: parse error: unexpected \")\" in aggregation"),
            new ErrorCase("rate(1 +)", "1:9: parse error: unexpected \")\""),
            new ErrorCase("sum(foo) bar", "1:10: parse error: unexpected identifier \"bar\""),
            new ErrorCase("1 + (", "1:6: parse error: unclosed left parenthesis"),
            new ErrorCase("a - on(b) ignoring(c) d", "1:11: parse error: unexpected <ignoring>"),
            new ErrorCase("a + group_left(b) c", "1:5: parse error: unexpected <group_left>"),
            new ErrorCase("foo{a=b}", "1:7: parse error: unexpected identifier \"b\" in label matching, expected string"),
            new ErrorCase("foo{a}", "1:6: parse error: unexpected \"}\" in label matching, expected label matching operator"),
            new ErrorCase("foo{,}", "1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\""),
            new ErrorCase("foo{a=\"b\" c}", "1:11: parse error: unexpected identifier \"c\" in label matching, expected \",\" or \"}\""),
            new ErrorCase("sum(x) by a", "1:11: parse error: unexpected identifier \"a\" in grouping opts, expected \"(\""),
            new ErrorCase("sum by (,) (x)", "1:9: parse error: unexpected \",\" in grouping opts, expected label"),
            new ErrorCase("sum by (a b) (x)", "1:11: parse error: unexpected identifier \"b\" in grouping opts, expected \",\" or \")\""),
            new ErrorCase("sum(x) by (a) by (b)", "1:15: parse error: unexpected <by>"),
            new ErrorCase("sum by (a, \"\") (x)", "1:12: parse error: invalid label name for grouping: \"\""),
            new ErrorCase("rate(x,)", "1:7: parse error: trailing commas not allowed in function call args"),
            new ErrorCase("foo[]", "1:5: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()"),
            new ErrorCase("foo[5m:+]", "1:9: parse error: unexpected \"]\" in subquery selector, expected number, duration, step(), range(), or \"]\""),
            new ErrorCase("foo[5m:1m x]", "1:11: parse error: unexpected character: 'x', expected ':'"),
            new ErrorCase("foo[5m )]", "1:9: parse error: unexpected right parenthesis ')'"),
            new ErrorCase("foo[min_of(1m 2m)]", "1:15: parse error: unexpected duration \"2m\" in subquery or range selector, expected number, duration, step(), or range()"),
            new ErrorCase("foo[step]", "1:9: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()"),
            new ErrorCase("foo offset", "1:11: parse error: unexpected end of input in offset, expected number, duration, step(), or range()"),
            new ErrorCase("foo @", "1:6: parse error: unexpected end of input in @, expected timestamp"),
            new ErrorCase("foo[5m1h]", "1:5: parse error: not a valid duration string: \"5m1h\""),
            new ErrorCase("foo[9223372036854775808ms]", "1:5: parse error: duration out of range"),
            new ErrorCase("foo[99999999999999999999s]", "1:5: parse error: not a valid duration string: \"99999999999999999999s\""),
            new ErrorCase("foo[1h2x]", "1:5: parse error: bad number or duration syntax: \"1h2\""),
            new ErrorCase("foo[1y1hs]", "1:5: parse error: unknown unit \"hs\" in duration \"1y1hs\""),
            new ErrorCase("foo[5x]", "1:5: parse error: bad number or duration syntax: \"5\""),
            new ErrorCase("foo[0s]", "1:5: parse error: duration must be greater than 0"),
            new ErrorCase("foo[-1]", "1:5: parse error: duration must be greater than 0"),
            new ErrorCase("foo[1m:0s]", "1:8: parse error: duration must be greater than 0"),
            new ErrorCase("foo[5m/0]", "1:7: parse error: division by zero"),
            new ErrorCase("foo[5m%0]", "1:7: parse error: modulo by zero"),
            new ErrorCase("foo offset 9.5e10", "1:12: parse error: duration out of range"),
            new ErrorCase("foo offset 1m offset 2m", "1:1: parse error: offset may not be set multiple times"),
            new ErrorCase("foo @ 1 @ 2", "1:1: parse error: @ <timestamp> may not be set multiple times"),
            new ErrorCase("foo @ Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"),
            new ErrorCase("foo offset 1m [5m]", "1:15: parse error: no offset modifiers allowed before range"),
            new ErrorCase("foo @ 1 [5m]", "1:9: parse error: no @ modifiers allowed before range"),
            new ErrorCase("(foo)[5m]", "1:6: parse error: ranges only allowed for vector selectors"),
            new ErrorCase("1 offset 1m", "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
            new ErrorCase("sum(x) @ 1", "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
            new ErrorCase("foo[1m:] anchored", "1:1: parse error: anchored modifier is not supported for subqueries"),
            new ErrorCase("foo anchored smoothed", "1:1: parse error: anchored and smoothed modifiers cannot be used together"),
            // Type checking.
            new ErrorCase("1 == 1", "1:3: parse error: comparisons between scalars must use BOOL modifier"),
            new ErrorCase("a + bool b", "1:3: parse error: bool modifier can only be used on comparison operators"),
            new ErrorCase("1 and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression"),
            new ErrorCase("a or on(b) 1", "1:1: parse error: vector matching only allowed between instant vectors"),
            new ErrorCase("a and on(b) group_left c", "1:1: parse error: no grouping allowed for \"and\" operation"),
            new ErrorCase("a and fill(1) b", "1:1: parse error: filling in missing series not allowed for set operators"),
            new ErrorCase("a + fill(1) 2", "1:1: parse error: filling in missing series only allowed between instant vectors"),
            new ErrorCase("a * on(x) group_left(x) b", "1:3: parse error: label \"x\" must not occur in ON and GROUP clause at once"),
            new ErrorCase("a[5m] + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types"),
            new ErrorCase("-\"s\"", "1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\""),
            new ErrorCase("x[5m][10m:1m]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"),
            new ErrorCase("rate(x)", "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector"),
            new ErrorCase("floor()", "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 0"),
            new ErrorCase("round(x, 1, 2)", "1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3"),
            new ErrorCase("label_join(x, \"a\")", "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 2"),
            new ErrorCase("nope(x)", "1:1: parse error: unknown function with name \"nope\""),
            new ErrorCase("sum()", "1:1: parse error: no arguments for aggregate expression provided"),
            new ErrorCase("topk(x)", "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"),
            new ErrorCase("topk(x, y)", "1:6: parse error: expected type scalar in aggregation parameter, got instant vector"),
            new ErrorCase("count_values(1, y)", "1:14: parse error: expected type string in aggregation parameter, got scalar"),
            new ErrorCase("sum(x[5m])", "1:5: parse error: expected type instant vector in aggregation expression, got range vector"),
            new ErrorCase("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
            new ErrorCase("{a=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher"),
            new ErrorCase("foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""),
            new ErrorCase("info(x, y)", "1:9: parse error: expected label selectors only, got vector selector instead"),
            new ErrorCase("info(x, {a=\"b\"} == 1)", "1:9: parse error: expected label selectors only"),
            // Features switched off.
            new ErrorCase("sort_by_label(x, \"a\")", "1:1: parse error: function \"sort_by_label\" is not enabled", ParserOptions.DEFAULT),
            new ErrorCase("limitk(1, x)", "1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions", ParserOptions.DEFAULT),
            new ErrorCase("foo[5m+1m]", "1:5: parse error: experimental duration expression is not enabled", ParserOptions.DEFAULT),
            new ErrorCase("foo offset step()", "1:12: parse error: experimental duration expression is not enabled", ParserOptions.DEFAULT),
            new ErrorCase("rate(foo[5m] anchored)", "1:6: parse error: anchored modifier is experimental and not enabled", ParserOptions.DEFAULT),
            new ErrorCase("a + fill(0) b", "1:1: parse error: binop fill modifiers are experimental and not enabled", ParserOptions.DEFAULT));

    @TestFactory
    Stream<DynamicTest> errors() {
        return ERRORS.stream().map(c -> dynamicTest("[" + c.input() + "]", () -> {
            ParseException e = assertThrows(ParseException.class, () -> Parser.parse(c.input(), c.options()));
            assertEquals(c.message(), e.getMessage());
        }));
    }

    @Test
    void matcherRegexesAreRe2() throws Exception {
        // an ASCII class (Java would nest), a literal brace, Go's named group: RE2 accepts them all
        Parser.parse("foo{a=~\"[[:digit:]]+\", b=~\"x{\", c=~\"(?P<n>y)\"}");
        ParseException e = assertThrows(ParseException.class, () -> Parser.parse("foo{a=~\"(?=x)\"}"));
        assertTrue(e.getMessage().startsWith("1:5: parse error: error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
                e.getMessage());
        assertThrows(ParseException.class, () -> Parser.parse("foo{a=~\"(a)\\\\1\"}"));
    }

    @Test
    void defaultOptionsAcceptStableLanguage() throws Exception {
        Parser.parse("sum by (job) (rate(http_requests_total{job=~\"api.*\"}[5m] offset 1h)) / on (job) group_left up");
        Parser.parse("foo @ start() + sum_over_time(bar[1h:] @ end())");
    }

    @Test
    void longFlatChainsParseAndNestingIsBounded() throws Exception {
        String chain = "foo" + " + foo".repeat(20_000);
        Expr e = Parser.parse(chain);
        assertEquals(chain, Printer.print(e));
        assertEquals(e.canonical(), Parser.parse(Printer.print(e)).canonical());

        String nested = "(".repeat(Parser.MAX_DEPTH - 1) + "1" + ")".repeat(Parser.MAX_DEPTH - 1);
        assertEquals(nested, Printer.print(Parser.parse(nested)));
        String tooDeep = "(".repeat(Parser.MAX_DEPTH) + "1" + ")".repeat(Parser.MAX_DEPTH);
        ParseException ex = assertThrows(ParseException.class, () -> Parser.parse(tooDeep));
        assertEquals("expression nesting too deep (more than 512 levels)", ex.detail());
    }

    @Test
    void childrenInSourceOrder() throws Exception {
        Expr e = Parser.parse("topk(3, rate(a[5m])) + on (x) -b", ParserOptions.ALL);
        List<String> seen = new java.util.ArrayList<>();
        java.util.ArrayDeque<Expr> todo = new java.util.ArrayDeque<>(List.of(e));
        while (!todo.isEmpty()) {
            Expr n = todo.pop();
            seen.add(n.getClass().getSimpleName());
            List<Expr> kids = n.children();
            for (int i = kids.size() - 1; i >= 0; i--) {
                todo.push(kids.get(i));
            }
        }
        assertEquals(List.of("BinaryExpr", "AggregateExpr", "NumberLiteral", "Call", "MatrixSelector",
                "VectorSelector", "UnaryExpr", "VectorSelector"), seen);
    }

    @Test
    void positionsPointIntoTheQuery() throws Exception {
        String q = "sum(rate(foo[5m])) + 1";
        BinaryExpr b = (BinaryExpr) Parser.parse(q);
        assertEquals(new PositionRange(0, 18), b.lhs().position());
        Call rate = (Call) ((AggregateExpr) b.lhs()).expr();
        assertEquals("rate(foo[5m])", q.substring(rate.position().start(), rate.position().end()));
        assertEquals(new PositionRange(0, 22), b.position());
    }
}
