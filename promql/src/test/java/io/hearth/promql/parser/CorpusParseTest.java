package io.hearth.promql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.Printer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parses the query of every {@code eval} command in the upstream conformance scripts
 * ({@code shared/promql-conformance/testdata/*.test}, format in its {@code FORMAT.md}) with every
 * parser feature on, as the upstream harness does.
 *
 * <p>Upstream parses each expression when it loads the file, so every expression must parse —
 * including those of evals that {@code expect fail}: their failures happen at evaluation time and
 * are the evaluator's to check. Where an eval carries an expected failure text and our parser
 * rejects the expression, the parser's message must be that text. Each parsed expression must
 * also print and re-parse to the same tree. Cases the parser cannot handle yet go into
 * {@link #SKIPPED} with a reason; a skipped case that starts to parse fails the test so the list
 * stays honest.
 */
class CorpusParseTest {
    /** Relative to the module directory, as in CI. */
    static final Path CORPUS = Path.of("../../shared/promql-conformance/testdata");

    /** "file:line" of an eval header -> why it is skipped. Empty: every corpus expression parses. */
    static final Map<String, String> SKIPPED = Map.of();

    private static final Pattern EVAL = Pattern.compile(
            "^eval(?:_(fail|warn|info|ordered))?\\s+(?:instant\\s+at\\s+\\S+|range\\s+from\\s+\\S+\\s+to\\s+\\S+\\s+step\\s+\\S+)\\s+(.*)$");
    private static final Pattern EXPECT_FAIL = Pattern.compile("^expect\\s+fail(?:\\s+(msg|regex):\\s*(.*))?$");

    record Eval(String file, int line, String expr, boolean expectFail, String failMessage, String failRegex) {
        String key() {
            return file + ":" + line;
        }
    }

    static final class Report {
        final List<Eval> evals = new ArrayList<>();
        final Map<String, Integer> evalsPerFile = new LinkedHashMap<>();
        final Map<String, Integer> failEvalsPerFile = new LinkedHashMap<>();
        int parsed;
        int parsedExpectingEvalFailure;
        int failedAsExpected;
        int skipped;
        final List<String> problems = new ArrayList<>();
    }

    private static Report report;

    @BeforeAll
    static void run() throws IOException {
        if (!Files.isDirectory(CORPUS)) {
            fail("conformance corpus not found at " + CORPUS.toAbsolutePath().normalize()
                    + " (expected shared/promql-conformance/testdata two levels above the promql module)");
        }
        Report r = new Report();
        List<Path> files;
        try (Stream<Path> s = Files.list(CORPUS)) {
            files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        assertTrue(!files.isEmpty(), "no *.test files in " + CORPUS);
        for (Path f : files) {
            readScript(f, r);
        }
        for (Eval e : r.evals) {
            check(e, r);
        }
        report = r;
        System.out.printf(Locale.ROOT,
                "PromQL corpus: %d evals in %d files; %d parse (%d of them expect an evaluation-time failure),"
                        + " %d fail to parse as expected, %d skipped, %d problems%n",
                r.evals.size(), files.size(), r.parsed, r.parsedExpectingEvalFailure, r.failedAsExpected, r.skipped,
                r.problems.size());
        SKIPPED.forEach((k, why) -> System.out.println("  skipped " + k + ": " + why));
    }

    /** Splits a script into commands as FORMAT.md sections 1 and 3 describe, collecting evals. */
    private static void readScript(Path file, Report r) throws IOException {
        String name = file.getFileName().toString();
        List<String> lines = new ArrayList<>();
        for (String raw : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) {
            String t = raw.strip();
            lines.add(t.startsWith("#") ? "" : t);
        }
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                i++;
                continue;
            }
            String word = line.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (word.equals("clear")) {
                i++;
            } else if (word.startsWith("load")) {
                i++;
                while (i < lines.size() && !lines.get(i).isEmpty()) {
                    i++;
                }
            } else if (word.startsWith("eval")) {
                Matcher m = EVAL.matcher(line);
                if (!m.matches()) {
                    r.problems.add(name + ":" + (i + 1) + ": unrecognised eval header: " + line);
                    i++;
                    continue;
                }
                int headerLine = i + 1;
                boolean legacyFail = "fail".equals(m.group(1));
                boolean expectFail = legacyFail;
                String msg = null;
                String regex = null;
                i++;
                while (i < lines.size() && !lines.get(i).isEmpty()) {
                    String body = lines.get(i);
                    i++;
                    if (legacyFail && body.startsWith("expected_fail_message")) {
                        msg = body.substring("expected_fail_message".length()).strip();
                        break;
                    }
                    if (legacyFail && body.startsWith("expected_fail_regexp")) {
                        regex = body.substring("expected_fail_regexp".length()).strip();
                        break;
                    }
                    Matcher f = EXPECT_FAIL.matcher(body);
                    if (f.matches()) {
                        expectFail = true;
                        if ("msg".equals(f.group(1))) {
                            msg = f.group(2).strip();
                        } else if ("regex".equals(f.group(1))) {
                            regex = f.group(2).strip();
                        }
                        continue;
                    }
                    if (!body.startsWith("expect") && isNumber(body)) {
                        break; // a scalar result line ends the block
                    }
                }
                r.evals.add(new Eval(name, headerLine, m.group(2), expectFail, msg, regex));
                r.evalsPerFile.merge(name, 1, Integer::sum);
                if (expectFail) {
                    r.failEvalsPerFile.merge(name, 1, Integer::sum);
                }
            } else {
                r.problems.add(name + ":" + (i + 1) + ": invalid command: " + line);
                i++;
            }
        }
    }

    private static boolean isNumber(String s) {
        try {
            String body = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
            Literals.parseNumber(body);
            return !body.isEmpty();
        } catch (Literals.LiteralException e) {
            return false;
        }
    }

    private static void check(Eval e, Report r) {
        String why = SKIPPED.get(e.key());
        Expr parsed;
        try {
            parsed = Parser.parse(e.expr(), ParserOptions.ALL);
        } catch (ParseException pe) {
            if (why != null) {
                r.skipped++;
            } else if (e.failMessage() != null
                    && (e.failMessage().equals(pe.getMessage()) || e.failMessage().equals(pe.detail()))) {
                r.failedAsExpected++;
            } else if (e.failRegex() != null && Pattern.compile(e.failRegex()).matcher(pe.getMessage()).find()) {
                r.failedAsExpected++;
            } else {
                r.problems.add(e.key() + ": " + e.expr() + " -> " + pe.getMessage());
            }
            return;
        }
        if (why != null) {
            r.problems.add(e.key() + ": parses now, remove it from SKIPPED (" + why + ")");
            return;
        }
        r.parsed++;
        if (e.expectFail()) {
            r.parsedExpectingEvalFailure++;
        }
        String printed = Printer.print(parsed);
        try {
            Expr again = Parser.parse(printed, ParserOptions.ALL);
            if (!again.canonical().equals(parsed.canonical())) {
                r.problems.add(e.key() + ": printed form " + printed + " parses to a different tree");
            }
        } catch (ParseException pe) {
            r.problems.add(e.key() + ": printed form " + printed + " does not parse: " + pe.getMessage());
        }
    }

    @Test
    void everyExpressionParsesOrFailsAsExpected() {
        assertTrue(report.problems.isEmpty(),
                report.problems.size() + " corpus problems:\n" + String.join("\n", report.problems));
        assertEquals(report.evals.size(), report.parsed + report.failedAsExpected + report.skipped);
    }

    /** Cross-checks the script reader against the corpus index (INDEX.tsv next to testdata). */
    @Test
    void evalCountsMatchTheCorpusIndex() throws IOException {
        Path index = CORPUS.resolveSibling("INDEX.tsv");
        List<String> rows = Files.readAllLines(index, StandardCharsets.UTF_8);
        List<String> header = List.of(rows.get(0).split("\t"));
        int evalCol = header.indexOf("eval_commands");
        int failCol = header.indexOf("evals_expect_fail");
        int total = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split("\t");
            if (!f[0].endsWith(".test")) {
                continue;
            }
            int evals = Integer.parseInt(f[evalCol]);
            total += evals;
            assertEquals(evals, report.evalsPerFile.getOrDefault(f[0], 0), "evals in " + f[0]);
            assertEquals(Integer.parseInt(f[failCol]), report.failEvalsPerFile.getOrDefault(f[0], 0),
                    "expect-fail evals in " + f[0]);
        }
        assertEquals(total, report.evals.size());
    }
}
