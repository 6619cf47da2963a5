package io.hearth.promql.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.hearth.promql.parser.ParseException;
import io.hearth.promql.parser.Parser;
import io.hearth.promql.parser.ParserOptions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Printer: literal formatting tables, canonical forms, and a seeded random round trip. */
class PrinterTest {

    @Test
    void durations() {
        assertEquals("0s", Printer.formatDuration(0));
        assertEquals("1ms", Printer.formatDuration(1));
        assertEquals("1s500ms", Printer.formatDuration(1500));
        assertEquals("1m30s", Printer.formatDuration(90_000));
        assertEquals("1h", Printer.formatDuration(3_600_000));
        assertEquals("1d", Printer.formatDuration(86_400_000));
        assertEquals("1w", Printer.formatDuration(7 * 86_400_000L));
        assertEquals("8d", Printer.formatDuration(8 * 86_400_000L), "weeks only when exact");
        assertEquals("1y", Printer.formatDuration(365 * 86_400_000L));
        assertEquals("366d", Printer.formatDuration(366 * 86_400_000L), "years only when exact");
    }

    @Test
    void floats() {
        assertEquals("1", Printer.formatFloat(1));
        assertEquals("-0.5", Printer.formatFloat(-0.5));
        assertEquals("1000000000000000000000", Printer.formatFloat(1e21));
        assertEquals("0.000001", Printer.formatFloat(1e-6));
        assertEquals("+Inf", Printer.formatFloat(Double.POSITIVE_INFINITY));
        assertEquals("NaN", Printer.formatFloat(Double.NaN));
        assertEquals("0.1", Printer.formatFloat(0.1));
        assertEquals("1e+21", Printer.formatGoDefault(1e21));
        assertEquals("1e-05", Printer.formatGoDefault(1e-5));
        assertEquals("0.0001", Printer.formatGoDefault(1e-4));
        assertEquals("-1.5e+300", Printer.formatGoDefault(-1.5e300));
        assertEquals("123456", Printer.formatGoDefault(123456));
    }

    @Test
    void quoting() {
        assertEquals("\"a\\\"b\\\\c\"", Printer.quote("a\"b\\c"));
        assertEquals("\"\\a\\b\\f\\n\\r\\t\\v\"", Printer.quote("\u0007\b\f\n\r\t\u000b"));
        assertEquals("\"\\x00\\x7f\"", Printer.quote("\u0000\u007f"));
        assertEquals("\"ä😀\"", Printer.quote("ä😀"));
        assertEquals("\"\\u200b\"", Printer.quote("\u200b"));
    }

    record Case(String input, String printed) {}

    static final List<Case> CANONICAL = List.of(
            new Case("sum(rate(http_requests_total{job=\"api\",code=~\"5..\"}[5m])) by (job)",
                    "sum by (job) (rate(http_requests_total{code=~\"5..\",job=\"api\"}[5m]))"),
            new Case("topk(5,x)", "topk(5, x)"),
            new Case("a/on(x)group_right(y)b", "a / on (x) group_right (y) b"),
            new Case("foo offset 1.5", "foo offset 1s500ms"),
            new Case("foo @ 1.2345", "foo @ 1.235"),
            new Case("quantile_over_time(0.9, x[1h:1m] @ 100 offset 5m)",
                    "quantile_over_time(0.9, x[1h:1m] @ 100.000 offset 5m)"),
            new Case("x[5m:] offset -1m", "x[5m:] offset -1m"),
            new Case("sum(x) without(\"a.b\", c)", "sum without (\"a.b\", c) (x)"),
            new Case("count_values without (x) ('v', y)", "count_values without (x) (\"v\", y)"),
            new Case("a + fill_left(1) fill_right(1) b", "a + fill (1) b"),
            new Case("a + fill_right(2) fill_left(1) b", "a + fill_left (1) fill_right (2) b"),
            new Case("a + fill(NaN) b", "a + fill_left (NaN) fill_right (NaN) b"),
            new Case("foo[1m] anchored @ 10", "foo[1m] anchored @ 10.000"),
            new Case("foo smoothed offset 1m", "foo smoothed offset 1m"),
            new Case("foo[1h:(5m+1m)]", "foo[1h:(5m + 1m)]"),
            new Case("foo offset -(2)", "foo offset -(2)"),
            new Case("foo offset (5)", "foo offset (5)"),
            new Case("foo offset +5", "foo offset 5s"),
            new Case("Inf ^ Inf", "Inf ^ +Inf"),
            new Case("-Inf ^ 2", "-Inf ^ 2"));

    @TestFactory
    Stream<DynamicTest> canonical() {
        return CANONICAL.stream().map(c -> dynamicTest("[" + c.input() + "]", () -> {
            Expr e = Parser.parse(c.input(), ParserOptions.ALL);
            assertEquals(c.printed(), Printer.print(e));
            Expr again = Parser.parse(c.printed(), ParserOptions.ALL);
            assertEquals(e.canonical(), again.canonical());
            assertEquals(c.printed(), Printer.print(again));
        }));
    }

    /**
     * Random well-typed queries, with random spacing and literal spellings, must print to text that
     * parses back to the same tree and prints identically. The seed is in the failure message.
     */
    @Test
    void randomRoundTrip() {
        long seed = Long.getLong("hearth.test.seed", System.nanoTime());
        Random rnd = new Random(seed);
        Gen g = new Gen(rnd);
        for (int i = 0; i < 3000; i++) {
            String q = g.vector(3);
            if (rnd.nextInt(4) == 0) {
                q = g.scalar(3);
            }
            try {
                Expr e = Parser.parse(q, ParserOptions.ALL);
                String printed = Printer.print(e);
                Expr again = Parser.parse(printed, ParserOptions.ALL);
                if (!e.canonical().equals(again.canonical()) || !printed.equals(Printer.print(again))) {
                    fail("seed " + seed + ": round trip changed the tree\n  query:   " + q + "\n  printed: " + printed
                            + "\n  again:   " + Printer.print(again));
                }
            } catch (ParseException ex) {
                fail("seed " + seed + ": " + q + " -> " + ex.getMessage());
            }
        }
    }

    /** Generates well-typed PromQL text. */
    static final class Gen {
        private final Random r;

        Gen(Random r) {
            this.r = r;
        }

        private <T> T pick(List<T> xs) {
            return xs.get(r.nextInt(xs.size()));
        }

        private String sp() {
            return pick(List.of("", " ", " ", "  ", "\n"));
        }

        /** Operators spelled as words need spaces around them; symbols may go without. */
        private String around(String op) {
            String before = Character.isLetter(op.charAt(0)) ? " " : sp();
            String after = Character.isLetterOrDigit(op.charAt(op.length() - 1)) ? " " : sp();
            return before + op + after;
        }

        String number() {
            return pick(List.of("1", "0", "2.5", "1e3", ".5", "0x10", "5m", "1h30m", "Inf", "NaN", "010", "1_000",
                    "3e-2", "123456789"));
        }

        String str() {
            String v = pick(List.of("a", "x y", "é", "a\\\"b", "tab\\t", "\\u00e4"));
            return switch (r.nextInt(3)) {
                case 0 -> "\"" + v + "\"";
                case 1 -> "'" + v.replace("\\\"", "\\'") + "'";
                default -> "`" + v.replace("\\\"", "\"").replace("\\t", "t").replace("\\u00e4", "ä") + "`";
            };
        }

        String labels() {
            int n = r.nextInt(3);
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    b.append(",").append(sp());
                }
                b.append(pick(List.of("job", "instance", "le", "\"a.b\"", "on", "by", "sum", "Step")));
            }
            return b.append(")").toString();
        }

        /** A selector that always passes the checks: a name, or a first matcher that rejects "". */
        String selector() {
            StringBuilder b = new StringBuilder();
            boolean named = r.nextInt(4) != 0;
            int n = r.nextInt(3);
            if (named) {
                b.append(pick(List.of("foo", "http_requests_total", "job:rate5m", "bar", "by", "fill")));
                if (n == 0 && r.nextBoolean()) {
                    return b.append("{}").toString();
                }
                if (n == 0) {
                    return b.toString();
                }
            }
            b.append("{");
            if (!named) {
                b.append(pick(List.of("\"my.metric\"", "job=\"x\"", "__name__=~\"x.+\"", "'a.b'='c'")));
            }
            for (int i = 0; i < n; i++) {
                if (i > 0 || !named) {
                    b.append(",").append(sp());
                }
                b.append(pick(List.of("job", "a", "\"dotted.name\"")));
                b.append(pick(List.of("=", "!=", "=~", "!~")));
                b.append(pick(List.of("\"x\"", "\"x.+\"", "'y'", "`z|w`")));
            }
            return b.append(r.nextInt(5) == 0 ? ",}" : "}").toString();
        }

        String timeMods(boolean allowAt) {
            StringBuilder b = new StringBuilder();
            if (allowAt && r.nextInt(4) == 0) {
                b.append(" @ ").append(pick(List.of("100", "1.5", "start()", "end()", "-10")));
            }
            if (r.nextInt(4) == 0) {
                b.append(" offset ").append(pick(List.of("5m", "-1h", "1.5", "step()", "-(1m+step())", "(2*30s)",
                        "min_of(range(), 1m)")));
            }
            return b.toString();
        }

        String duration() {
            return pick(List.of("5m", "1h", "30", "1m30s", "5m+step()", "(1h)", "2*15m", "max_of(step(), 1m)",
                    "10m-1m", "1h/2", "2^3"));
        }

        String matrix(int d) {
            if (d <= 0 || r.nextBoolean()) {
                return selector() + "[" + duration() + "]" + pick(List.of("", "", " anchored", " smoothed"))
                        + timeMods(true);
            }
            return "(" + vector(d - 1) + ")[" + duration() + ":" + pick(List.of("", "1m", "step()")) + "]"
                    + timeMods(true);
        }

        String vector(int d) {
            if (d <= 0) {
                return selector() + timeMods(true);
            }
            return switch (r.nextInt(11)) {
                case 0 -> selector() + timeMods(true);
                case 1 -> pick(List.of("abs", "sort", "ceil", "timestamp")) + "(" + vector(d - 1) + ")";
                case 2 -> pick(List.of("rate", "sum_over_time", "increase")) + "(" + matrix(d - 1) + ")";
                case 3 -> {
                    String op = pick(List.of("sum", "avg", "count", "max", "group", "SUM"));
                    String mod = r.nextBoolean() ? "" : pick(List.of(" by", " without")) + sp() + labels();
                    yield r.nextBoolean() ? op + mod + sp() + "(" + vector(d - 1) + ")" : op + "(" + vector(d - 1) + ")" + mod;
                }
                case 4 -> pick(List.of("topk", "bottomk", "quantile", "limitk", "limit_ratio")) + "(" + scalar(d - 1)
                        + "," + sp() + vector(d - 1) + ")";
                case 5 -> "count_values(" + str() + ", " + vector(d - 1) + ")";
                case 6 -> {
                    String op = pick(List.of("+", "-", "*", "/", "%", "^", "==", "!=", ">", "<=", "atan2", "</"));
                    String mods = "";
                    if (r.nextBoolean() && !op.equals("</")) {
                        mods += " " + pick(List.of("on", "ignoring")) + labels();
                        if (r.nextBoolean()) {
                            mods += " " + pick(List.of("group_left", "group_right")) + sp() + labels(); // a "(" right after group_x always starts labels
                        }
                    }
                    if (r.nextInt(4) == 0) {
                        mods += pick(List.of(" fill(0)", " fill_left(-1)", " fill_right(2.5)", " fill_left(1) fill_right(2)"));
                    }
                    if (mods.contains("on(") && mods.contains("group_")) {
                        mods = mods.replace("on(", "ignoring(");
                    }
                    // Operands with modifiers are parenthesised: precedence could otherwise regroup
                    // them so that a modifier meets a scalar side.
                    yield mods.isEmpty()
                            ? vector(d - 1) + around(op) + vector(d - 1)
                            : "(" + vector(d - 1) + ")" + around(op + mods) + "(" + vector(d - 1) + ")";
                }
                case 7 -> "(" + vector(d - 1) + ") " + pick(List.of("and", "or", "unless")) + " "
                        + (r.nextBoolean() ? pick(List.of("on", "ignoring")) + labels() + " " : "") + "(" + vector(d - 1)
                        + ")";
                case 8 -> pick(List.of("-", "+", "- ")) + vector(d - 1);
                case 9 -> "(" + vector(d - 1) + ")";
                default -> r.nextBoolean()
                        ? "(" + vector(d - 1) + ") " + pick(List.of("*", "-", ">", "== bool", "^")) + " (" + scalar(d - 1) + ")"
                        : "(" + scalar(d - 1) + ") " + pick(List.of("+", "/", "<", "!= bool")) + " (" + vector(d - 1) + ")";
            };
        }

        String scalar(int d) {
            if (d <= 0) {
                return number();
            }
            return switch (r.nextInt(6)) {
                case 0 -> number();
                case 1 -> "scalar(" + vector(d - 1) + ")";
                case 2 -> pick(List.of("time()", "pi()"));
                case 3 -> "(" + scalar(d - 1) + ")";
                case 4 -> "-" + scalar(d - 1);
                default -> scalar(d - 1) + around(pick(List.of("+", "-", "*", "^", "%", "atan2"))) + scalar(d - 1);
            };
        }
    }
}
