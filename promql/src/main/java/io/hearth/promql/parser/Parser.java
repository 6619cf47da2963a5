package io.hearth.promql.parser;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.AtPreprocessor;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.BinaryOp;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.DurationExpr;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.Function;
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
import io.hearth.promql.ast.VectorSelector;
import io.hearth.promql.lexer.Lexer;
import io.hearth.promql.lexer.TokenType;
import io.hearth.promql.lexer.Tokens;
import io.hearth.promql.lexer.Unquote;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Hand-written recursive-descent PromQL parser with precedence climbing for binary operators.
 *
 * <p>Operator precedence, lowest first: {@code or}; {@code and unless}; comparisons and the
 * histogram trim operators; {@code + -}; {@code * / % atan2}; {@code ^} (right-associative).
 * Unary minus/plus binds like {@code *}. Range brackets, {@code offset}, {@code @} and the
 * anchored/smoothed modifiers bind to the closest operand.
 *
 * <p>After the syntax is accepted the tree is type-checked (see {@link TypeChecker}). The first
 * error ends parsing and is reported the way Prometheus reports it. Instances are single-use; call
 * {@link #parse(String, ParserOptions)}.
 */
public final class Parser {
    private static final String DURATION_EXPECTED = "number, duration, step(), or range()";
    private static final String STEP_CONTEXT = "subquery selector";

    /** What Prometheus says it expected after a syntax error inside a duration expression. */
    private static String expectedIn(String ctx) {
        return ctx.equals(STEP_CONTEXT) ? "number, duration, step(), range(), or \"]\"" : DURATION_EXPECTED;
    }
    private static final double MAX_DURATION_SECONDS = 9.223372036854775807E9; // 2^63 ns

    /**
     * Most nested sub-expressions (parentheses, call arguments, unary operators, right-hand sides
     * of {@code ^}) a query may have. Prometheus has no such limit; this one keeps the recursive
     * parser, printer and evaluator within an ordinary thread stack. Long flat chains such as
     * {@code a + b + c ...} do not nest and are not limited.
     */
    public static final int MAX_DEPTH = 512;

    private final String input;
    private final ParserOptions options;
    private final Tokens tokens;
    private final int[] index;
    private final int count;
    private int p;
    private int lastEnd;
    private int depth;
    private int openAggregations;

    private Parser(String input, ParserOptions options) {
        this.input = input;
        this.options = options;
        this.tokens = Lexer.lex(input);
        int[] idx = new int[tokens.size()];
        int n = 0;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.type(i) != TokenType.COMMENT) {
                idx[n++] = i;
            }
        }
        this.index = idx;
        this.count = n;
    }

    /** Parses with {@link ParserOptions#DEFAULT}. */
    public static Expr parse(String input) throws ParseException {
        return parse(input, ParserOptions.DEFAULT);
    }

    /** Parses and type-checks one PromQL expression. */
    public static Expr parse(String input, ParserOptions options) throws ParseException {
        Parser parser = new Parser(input, options);
        try {
            return TypeChecker.check(parser.parseTop(), input);
        } catch (Failure f) {
            throw new ParseException(f.getMessage(), new PositionRange(f.pos, f.pos), input);
        } catch (StackOverflowError deep) {
            // Backstop for threads with small stacks; MAX_DEPTH normally reports first.
            throw new ParseException("expression nesting too deep", new PositionRange(0, 0), input);
        }
    }

    /**
     * Parses a series selector as the HTTP API's {@code match[]} takes one, by Prometheus's
     * selector grammar alone: a metric name, label matchers in braces, or both, and nothing else.
     * The first token that cannot continue a selector is the error ({@code sum(up)}: unexpected
     * "(" at 1:4), as the upstream grammar reports it. No type check follows, as upstream's
     * selector parse has none: matchers that all match the empty string, or a name given twice,
     * are left to the caller.
     */
    public static VectorSelector parseSeriesSelector(String input) throws ParseException {
        Parser parser = new Parser(input, ParserOptions.DEFAULT);
        try {
            return parser.parseSelectorOnly();
        } catch (Failure f) {
            throw new ParseException(f.getMessage(), new PositionRange(f.pos, f.pos), input);
        }
    }

    /** Internal unwinding on the first error; converted to a {@link ParseException} at the top. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int pos;

        Failure(String message, int pos) {
            super(message, null, false, false);
            this.pos = pos;
        }
    }

    static Failure fail(String message, int pos) {
        return new Failure(message, pos);
    }

    // ---- token access ----

    private TokenType type() {
        return type(0);
    }

    private TokenType type(int ahead) {
        int k = Math.min(p + ahead, count - 1);
        TokenType t = tokens.type(index[k]);
        if (t == TokenType.ERROR) {
            throw fail(tokens.errorMessage(), tokens.start(index[k]));
        }
        return t;
    }

    private int start() {
        return tokens.start(index[p]);
    }

    private String text() {
        return tokens.text(index[p]);
    }

    private void advance() {
        lastEnd = tokens.end(index[p]);
        if (p < count - 1) {
            p++;
        }
    }

    private Failure unexpected(String context, String expected) {
        TokenType t = type();
        if (context.isEmpty() && openAggregations > 0) {
            // Upstream's grammar recovers such errors at the innermost open aggregation.
            context = "aggregation";
        }
        StringBuilder b = new StringBuilder("unexpected ");
        b.append(t.describe(t == TokenType.EOF ? "" : text()));
        if (!context.isEmpty()) {
            b.append(" in ").append(context);
        }
        if (!expected.isEmpty()) {
            b.append(", expected ").append(expected);
        }
        return fail(b.toString(), start());
    }

    private void expect(TokenType t, String context, String expected) {
        if (type() != t) {
            throw unexpected(context, expected);
        }
        advance();
    }

    private PositionRange from(int start) {
        return new PositionRange(start, Math.max(start, lastEnd));
    }

    // ---- expressions ----

    private Expr parseTop() {
        if (type() == TokenType.EOF) {
            throw fail("no expression found in input", 0);
        }
        Expr e = parseExpr(0);
        if (type() != TokenType.EOF) {
            throw unexpected("", "");
        }
        return e;
    }

    /** A selector and the end of the input: the upstream grammar's start for metric selectors. */
    private VectorSelector parseSelectorOnly() {
        TokenType t = type();
        int s = start();
        VectorSelector selector;
        if (t == TokenType.LEFT_BRACE) {
            selector = parseSelector("", s);
        } else if (metricIdentifier(t)) {
            String name = text();
            advance();
            selector = parseSelector(name, s);
        } else {
            throw unexpected("", "");
        }
        if (type() != TokenType.EOF) {
            throw unexpected("", "");
        }
        return selector;
    }

    /** Whether a token may name a metric: an identifier, or a keyword the grammar lets stand for one. */
    private static boolean metricIdentifier(TokenType t) {
        return switch (t) {
            case IDENTIFIER, METRIC_IDENTIFIER, START, END, STEP, RANGE, MIN_OF, MAX_OF, BY, WITHOUT, OFFSET, FILL,
                    FILL_LEFT, FILL_RIGHT, LAND, LOR, LUNLESS, ANCHORED, SMOOTHED -> true;
            default -> t.kind() == TokenType.Kind.AGGREGATOR;
        };
    }

    private static BinaryOp binaryOp(TokenType t) {
        return switch (t) {
            case LOR -> BinaryOp.OR;
            case LAND -> BinaryOp.AND;
            case LUNLESS -> BinaryOp.UNLESS;
            case EQLC -> BinaryOp.EQLC;
            case NEQ -> BinaryOp.NEQ;
            case GTR -> BinaryOp.GTR;
            case LSS -> BinaryOp.LSS;
            case GTE -> BinaryOp.GTE;
            case LTE -> BinaryOp.LTE;
            case TRIM_UPPER -> BinaryOp.TRIM_UPPER;
            case TRIM_LOWER -> BinaryOp.TRIM_LOWER;
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case ATAN2 -> BinaryOp.ATAN2;
            case POW -> BinaryOp.POW;
            default -> null;
        };
    }

    private Expr parseExpr(int minPrecedence) {
        if (++depth > MAX_DEPTH) {
            throw fail("expression nesting too deep (more than " + MAX_DEPTH + " levels)", start());
        }
        try {
            return parseBinaryChain(minPrecedence);
        } finally {
            depth--;
        }
    }

    private Expr parseBinaryChain(int minPrecedence) {
        Expr lhs = parseUnary();
        while (true) {
            BinaryOp op = binaryOp(type());
            if (op == null || op.precedence() < minPrecedence) {
                return lhs;
            }
            advance();
            BinaryModifiers mods = parseBinaryModifiers();
            VectorMatching matching = mods.matching();
            Expr rhs = parseExpr(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
            if (matching.hasFill() && !options.binopFillModifiers()) {
                throw fail("binop fill modifiers are experimental and not enabled", lhs.position().start());
            }
            lhs = new BinaryExpr(op, lhs, rhs, matching, mods.returnBool(),
                    new PositionRange(lhs.position().start(), Math.max(lhs.position().start(), rhs.position().end())));
        }
    }

    /** What may follow a binary operator: {@code bool}, {@code on}/{@code ignoring}, grouping, fill. */
    private record BinaryModifiers(boolean returnBool, VectorMatching matching) {}

    private BinaryModifiers parseBinaryModifiers() {
        boolean returnBool = false;
        if (type() == TokenType.BOOL) {
            advance();
            returnBool = true;
        }
        boolean on = false;
        List<String> labels = List.of();
        List<String> include = List.of();
        VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
        if (type() == TokenType.ON || type() == TokenType.IGNORING) {
            on = type() == TokenType.ON;
            advance();
            labels = parseGroupingLabels();
            if (type() == TokenType.GROUP_LEFT || type() == TokenType.GROUP_RIGHT) {
                card = type() == TokenType.GROUP_LEFT
                        ? VectorMatching.Cardinality.MANY_TO_ONE
                        : VectorMatching.Cardinality.ONE_TO_MANY;
                advance();
                if (type() == TokenType.LEFT_PAREN) {
                    include = parseGroupingLabels();
                }
            }
        }
        Double fillLeft = null;
        Double fillRight = null;
        switch (type()) {
            case FILL -> {
                advance();
                fillLeft = parseFillValue();
                fillRight = fillLeft;
            }
            case FILL_LEFT -> {
                advance();
                fillLeft = parseFillValue();
                if (type() == TokenType.FILL_RIGHT) {
                    advance();
                    fillRight = parseFillValue();
                }
            }
            case FILL_RIGHT -> {
                advance();
                fillRight = parseFillValue();
                if (type() == TokenType.FILL_LEFT) {
                    advance();
                    fillLeft = parseFillValue();
                }
            }
            default -> {}
        }
        return new BinaryModifiers(returnBool, new VectorMatching(card, labels, on, include, fillLeft, fillRight));
    }

    private double parseFillValue() {
        expect(TokenType.LEFT_PAREN, "", "");
        boolean negative = false;
        if (type() == TokenType.ADD || type() == TokenType.SUB) {
            negative = type() == TokenType.SUB;
            advance();
        }
        if (type() != TokenType.NUMBER && type() != TokenType.DURATION) {
            throw unexpected("", "");
        }
        double v = numberOrDurationLiteral().value();
        expect(TokenType.RIGHT_PAREN, "", "");
        return negative ? -v : v;
    }

    private Expr parseUnary() {
        TokenType t = type();
        if (t == TokenType.ADD || t == TokenType.SUB) {
            int opStart = start();
            advance();
            Expr e = parseExpr(BinaryOp.UNARY_PRECEDENCE + 1);
            PositionRange pos = new PositionRange(opStart, Math.max(opStart, e.position().end()));
            if (e instanceof NumberLiteral n) {
                return new NumberLiteral(t == TokenType.SUB ? -n.value() : n.value(), n.duration(), pos);
            }
            return new UnaryExpr(t == TokenType.SUB ? UnaryOp.MINUS : UnaryOp.PLUS, e, pos);
        }
        return parsePostfix(parsePrimary());
    }

    private Expr parsePrimary() {
        TokenType t = type();
        int s = start();
        switch (t) {
            case NUMBER, DURATION -> {
                return numberOrDurationLiteral();
            }
            case STRING -> {
                String v = unquote();
                advance();
                return new StringLiteral(v, from(s));
            }
            case LEFT_PAREN -> {
                advance();
                Expr e = parseExpr(0);
                if (type() != TokenType.RIGHT_PAREN) {
                    throw unexpected("", "");
                }
                advance();
                return new ParenExpr(e, from(s));
            }
            case LEFT_BRACE -> {
                return parseSelector("", s);
            }
            case IDENTIFIER -> {
                if (type(1) == TokenType.LEFT_PAREN) {
                    return parseCall();
                }
                String name = text();
                advance();
                return parseSelector(name, s);
            }
            case METRIC_IDENTIFIER -> {
                String name = text();
                advance();
                return parseSelector(name, s);
            }
            case START, END, STEP, RANGE, MIN_OF, MAX_OF -> {
                if (type(1) == TokenType.LEFT_PAREN) {
                    return parseCall();
                }
                String name = text();
                advance();
                return parseSelector(name, s);
            }
            case BY, WITHOUT, OFFSET, FILL, FILL_LEFT, FILL_RIGHT, LAND, LOR, LUNLESS, ANCHORED, SMOOTHED -> {
                String name = text();
                advance();
                return parseSelector(name, s);
            }
            default -> {
                if (t.kind() == TokenType.Kind.AGGREGATOR) {
                    TokenType next = type(1);
                    if (next == TokenType.LEFT_PAREN || next == TokenType.BY || next == TokenType.WITHOUT) {
                        return parseAggregate();
                    }
                    String name = text();
                    advance();
                    return parseSelector(name, s);
                }
                throw unexpected("", "");
            }
        }
    }

    private NumberLiteral numberOrDurationLiteral() {
        int s = start();
        String txt = text();
        boolean duration = type() == TokenType.DURATION;
        double v;
        try {
            v = duration ? Literals.parseDurationNanos(txt) / 1e9 : Literals.parseNumber(txt);
        } catch (Literals.LiteralException e) {
            throw fail(duration ? e.getMessage() : "error parsing number: " + e.getMessage(), s);
        }
        advance();
        return new NumberLiteral(v, duration, from(s));
    }

    private String unquote() {
        String raw = text();
        try {
            return Unquote.unquote(raw);
        } catch (Unquote.SyntaxException e) {
            throw fail("error unquoting string " + Printer.quote(raw) + ": " + e.getMessage(), start());
        }
    }

    // ---- selectors ----

    private VectorSelector parseSelector(String name, int s) {
        List<LabelMatcher> matchers = new ArrayList<>();
        if (type() == TokenType.LEFT_BRACE) {
            advance();
            if (type() == TokenType.RIGHT_BRACE) {
                advance();
            } else {
                while (true) {
                    matchers.add(parseMatcher());
                    if (type() == TokenType.COMMA) {
                        advance();
                        if (type() == TokenType.RIGHT_BRACE) {
                            advance();
                            break;
                        }
                    } else if (type() == TokenType.RIGHT_BRACE) {
                        advance();
                        break;
                    } else {
                        throw unexpected("label matching", "\",\" or \"}\"");
                    }
                }
            }
        }
        if (!name.isEmpty()) {
            matchers.add(LabelMatcher.equal(LabelMatcher.METRIC_NAME, name));
        }
        return new VectorSelector(name, matchers, 0, null, null, AtPreprocessor.NONE, false, false, from(s));
    }

    private LabelMatcher parseMatcher() {
        int labelStart = start();
        String name;
        boolean quoted;
        if (type() == TokenType.IDENTIFIER) {
            name = text();
            quoted = false;
        } else if (type() == TokenType.STRING) {
            name = unquote();
            quoted = true;
        } else {
            throw unexpected("label matching", "identifier or \"}\"");
        }
        advance();
        LabelMatcher.Type mt = switch (type()) {
            case EQL -> LabelMatcher.Type.EQUAL;
            case NEQ -> LabelMatcher.Type.NOT_EQUAL;
            case EQL_REGEX -> LabelMatcher.Type.REGEX;
            case NEQ_REGEX -> LabelMatcher.Type.NOT_REGEX;
            default -> null;
        };
        if (mt == null) {
            if (quoted) {
                return LabelMatcher.equal(LabelMatcher.METRIC_NAME, name);
            }
            throw unexpected("label matching", "label matching operator");
        }
        advance();
        if (type() != TokenType.STRING) {
            throw unexpected("label matching", "string");
        }
        String value = unquote();
        advance();
        LabelMatcher m = new LabelMatcher(mt, name, value);
        if (mt == LabelMatcher.Type.REGEX || mt == LabelMatcher.Type.NOT_REGEX) {
            try {
                m.pattern();
            } catch (PatternSyntaxException e) {
                throw fail("error parsing regexp: " + e.getDescription() + ": " + Printer.quote(value), labelStart);
            }
        }
        return m;
    }

    // ---- calls and aggregations ----

    private List<Expr> parseCallBody() {
        expect(TokenType.LEFT_PAREN, "", "");
        List<Expr> args = new ArrayList<>();
        if (type() == TokenType.RIGHT_PAREN) {
            advance();
            return args;
        }
        while (true) {
            args.add(parseExpr(0));
            if (type() == TokenType.COMMA) {
                int comma = start();
                advance();
                if (type() == TokenType.RIGHT_PAREN) {
                    throw fail("trailing commas not allowed in function call args", comma);
                }
            } else if (type() == TokenType.RIGHT_PAREN) {
                advance();
                return args;
            } else {
                throw unexpected("", "");
            }
        }
    }

    private Call parseCall() {
        int s = start();
        String name = text();
        advance();
        List<Expr> args = parseCallBody();
        Function f = Functions.get(name);
        if (f == null) {
            throw fail("unknown function with name " + Printer.quote(name), s);
        }
        if (f.experimental() && !options.experimentalFunctions()) {
            throw fail("function " + Printer.quote(name) + " is not enabled", s);
        }
        return new Call(f, args, from(s));
    }

    private AggregateExpr parseAggregate() {
        openAggregations++;
        try {
            return parseAggregateBody();
        } finally {
            openAggregations--;
        }
    }

    private AggregateExpr parseAggregateBody() {
        int s = start();
        AggregateOp op = AggregateOp.forKeyword(text());
        advance();
        List<String> grouping = null;
        boolean without = false;
        if (type() == TokenType.BY || type() == TokenType.WITHOUT) {
            without = type() == TokenType.WITHOUT;
            advance();
            grouping = parseGroupingLabels();
            if (type() != TokenType.LEFT_PAREN) {
                throw unexpected("aggregation", "");
            }
        }
        List<Expr> args = parseCallBody();
        if (grouping == null && (type() == TokenType.BY || type() == TokenType.WITHOUT)) {
            without = type() == TokenType.WITHOUT;
            advance();
            grouping = parseGroupingLabels();
        }
        PositionRange pos = from(s);
        if (args.isEmpty()) {
            throw fail("no arguments for aggregate expression provided", s);
        }
        int desired = 1;
        Expr param = null;
        if (op.hasParam()) {
            if (op.isExperimental() && !options.experimentalFunctions()) {
                throw fail(op.keyword() + "() is experimental and must be enabled with "
                        + "--enable-feature=promql-experimental-functions", s);
            }
            desired = 2;
            param = args.get(0);
        }
        if (args.size() != desired) {
            throw fail("wrong number of arguments for aggregate expression provided, expected " + desired + ", got "
                    + args.size(), s);
        }
        return new AggregateExpr(op, args.get(desired - 1), param, grouping == null ? List.of() : grouping, without,
                pos);
    }

    private List<String> parseGroupingLabels() {
        if (type() != TokenType.LEFT_PAREN) {
            throw unexpected("grouping opts", "\"(\"");
        }
        advance();
        List<String> labels = new ArrayList<>();
        if (type() == TokenType.RIGHT_PAREN) {
            advance();
            return labels;
        }
        while (true) {
            TokenType t = type();
            String label;
            if (t == TokenType.STRING) {
                int s = start();
                label = unquote();
                if (label.isEmpty() || hasLoneSurrogate(label)) {
                    throw fail("invalid label name for grouping: " + Printer.quote(label), s);
                }
            } else if (t.canBeLabel()) {
                label = text();
            } else {
                throw unexpected("grouping opts", "label");
            }
            advance();
            labels.add(label);
            if (type() == TokenType.COMMA) {
                advance();
                if (type() == TokenType.RIGHT_PAREN) {
                    advance();
                    return labels;
                }
            } else if (type() == TokenType.RIGHT_PAREN) {
                advance();
                return labels;
            } else {
                throw unexpected("grouping opts", "\",\" or \")\"");
            }
        }
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    // ---- postfix modifiers: [range], [range:step], offset, @, anchored, smoothed ----

    private Expr parsePostfix(Expr e) {
        while (true) {
            switch (type()) {
                case LEFT_BRACKET -> e = parseRangeOrSubquery(e);
                case OFFSET -> e = parseOffset(e);
                case AT -> e = parseAt(e);
                case ANCHORED, SMOOTHED -> e = parseRangeModifier(e);
                default -> {
                    return e;
                }
            }
        }
    }

    private Expr parseRangeOrSubquery(Expr e) {
        int bracket = start();
        advance();
        String ctx = "subquery or range selector";
        Expr range = parsePositiveDuration(ctx);
        if (type() == TokenType.RIGHT_BRACKET) {
            advance();
            String err = null;
            if (!(e instanceof VectorSelector vs)) {
                err = "ranges only allowed for vector selectors";
            } else if (vs.hasOffset()) {
                err = "no offset modifiers allowed before range";
            } else if (vs.hasAt()) {
                err = "no @ modifiers allowed before range";
            }
            if (err != null) {
                throw fail(err, bracket);
            }
            VectorSelector vs = (VectorSelector) e;
            PositionRange pos = new PositionRange(vs.position().start(), lastEnd);
            if (range instanceof NumberLiteral n) {
                return new MatrixSelector(vs, Printer.secondsToMillis(n.value()), null, pos);
            }
            return new MatrixSelector(vs, 0, (DurationExpr) range, pos);
        }
        if (type() != TokenType.COLON) {
            throw unexpected("subquery or range", "\":\" or \"]\"");
        }
        advance();
        Expr step = null;
        if (type() != TokenType.RIGHT_BRACKET) {
            step = parsePositiveDuration(STEP_CONTEXT);
            if (type() != TokenType.RIGHT_BRACKET) {
                throw unexpected(STEP_CONTEXT, "\"]\"");
            }
        }
        advance();
        PositionRange pos = new PositionRange(e.position().start(), lastEnd);
        long rangeMs = range instanceof NumberLiteral n ? Printer.secondsToMillis(n.value()) : 0;
        DurationExpr rangeExpr = range instanceof DurationExpr d ? d : null;
        long stepMs = step instanceof NumberLiteral n ? Printer.secondsToMillis(n.value()) : 0;
        DurationExpr stepExpr = step instanceof DurationExpr d ? d : null;
        return new SubqueryExpr(e, rangeMs, rangeExpr, stepMs, stepExpr, 0, null, null, AtPreprocessor.NONE, pos);
    }

    private Expr parsePositiveDuration(String ctx) {
        Expr d = parseDurationExpr(0, ctx);
        if (d instanceof NumberLiteral n && n.value() <= 0) {
            throw fail("duration must be greater than 0", n.position().start());
        }
        return d;
    }

    private static DurationExpr.Op durationOp(TokenType t) {
        return switch (t) {
            case ADD -> DurationExpr.Op.ADD;
            case SUB -> DurationExpr.Op.SUB;
            case MUL -> DurationExpr.Op.MUL;
            case DIV -> DurationExpr.Op.DIV;
            case MOD -> DurationExpr.Op.MOD;
            case POW -> DurationExpr.Op.POW;
            default -> null;
        };
    }

    private static int durationPrecedence(DurationExpr.Op op) {
        return switch (op) {
            case ADD, SUB -> 4;
            case MUL, DIV, MOD -> 5;
            default -> 6;
        };
    }

    private void requireDurationExpressions(int pos) {
        if (!options.durationExpressions()) {
            throw fail("experimental duration expression is not enabled", pos);
        }
    }

    /** A duration expression: numbers and durations (seconds) combined with + - * / % ^ and calls. */
    private Expr parseDurationExpr(int minPrecedence, String ctx) {
        if (++depth > MAX_DEPTH) {
            throw fail("expression nesting too deep (more than " + MAX_DEPTH + " levels)", start());
        }
        try {
            return parseDurationChain(minPrecedence, ctx);
        } finally {
            depth--;
        }
    }

    private Expr parseDurationChain(int minPrecedence, String ctx) {
        Expr lhs = parseDurationOperand(ctx);
        while (true) {
            DurationExpr.Op op = durationOp(type());
            if (op == null || durationPrecedence(op) < minPrecedence) {
                return lhs;
            }
            int opPos = start();
            advance();
            int prec = durationPrecedence(op);
            Expr rhs = parseDurationExpr(op == DurationExpr.Op.POW ? prec : prec + 1, ctx);
            requireDurationExpressions(lhs.position().start());
            if (rhs instanceof NumberLiteral n && n.value() == 0) {
                if (op == DurationExpr.Op.DIV) {
                    throw fail("division by zero", opPos);
                }
                if (op == DurationExpr.Op.MOD) {
                    throw fail("modulo by zero", opPos);
                }
            }
            lhs = new DurationExpr(op, lhs, rhs, false,
                    new PositionRange(lhs.position().start(), Math.max(lhs.position().start(), rhs.position().end())));
        }
    }

    private Expr parseDurationOperand(String ctx) {
        int s = start();
        switch (type()) {
            case NUMBER, DURATION -> {
                return durationLiteral();
            }
            case ADD, SUB -> {
                boolean minus = type() == TokenType.SUB;
                advance();
                Expr operand = parseDurationExpr(6, ctx);
                return applyUnary(minus, s, operand);
            }
            case STEP, RANGE, MIN_OF, MAX_OF -> {
                return durationCall(ctx);
            }
            case LEFT_PAREN -> {
                advance();
                Expr inner = parseDurationExpr(0, ctx);
                if (type() != TokenType.RIGHT_PAREN) {
                    throw unexpected(ctx, expectedIn(ctx));
                }
                advance();
                requireDurationExpressions(inner.position().start());
                return wrap(inner, from(s));
            }
            default -> throw unexpected(ctx, expectedIn(ctx));
        }
    }

    private NumberLiteral durationLiteral() {
        NumberLiteral n = numberOrDurationLiteral();
        if (Math.abs(n.value()) > MAX_DURATION_SECONDS) {
            throw fail("duration out of range", n.position().start());
        }
        return n;
    }

    private DurationExpr durationCall(String ctx) {
        int s = start();
        TokenType t = type();
        advance();
        if (type() != TokenType.LEFT_PAREN) {
            throw unexpected(ctx, expectedIn(ctx));
        }
        advance();
        DurationExpr result;
        if (t == TokenType.STEP || t == TokenType.RANGE) {
            if (type() != TokenType.RIGHT_PAREN) {
                throw unexpected(ctx, expectedIn(ctx));
            }
            advance();
            result = new DurationExpr(t == TokenType.STEP ? DurationExpr.Op.STEP : DurationExpr.Op.RANGE, null, null,
                    false, from(s));
        } else {
            Expr a = parseDurationExpr(0, ctx);
            if (type() != TokenType.COMMA) {
                throw unexpected(ctx, expectedIn(ctx));
            }
            advance();
            Expr b = parseDurationExpr(0, ctx);
            if (type() != TokenType.RIGHT_PAREN) {
                throw unexpected(ctx, expectedIn(ctx));
            }
            advance();
            result = new DurationExpr(t == TokenType.MIN_OF ? DurationExpr.Op.MIN_OF : DurationExpr.Op.MAX_OF, a, b,
                    false, from(s));
        }
        requireDurationExpressions(s);
        return result;
    }

    /** Parentheses around a duration expression; a bare number gets a unary '+' node to carry them. */
    private static DurationExpr wrap(Expr inner, PositionRange pos) {
        if (inner instanceof DurationExpr d) {
            return d.wrap(pos);
        }
        return new DurationExpr(DurationExpr.Op.ADD, null, inner, true, pos);
    }

    private Expr applyUnary(boolean minus, int opStart, Expr operand) {
        PositionRange pos = new PositionRange(opStart, Math.max(opStart, operand.position().end()));
        if (operand instanceof NumberLiteral n) {
            double v = minus ? -n.value() : n.value();
            if (Math.abs(v) > MAX_DURATION_SECONDS) {
                throw fail("duration out of range", opStart);
            }
            return new NumberLiteral(v, n.duration(), pos);
        }
        if (!minus) {
            return operand;
        }
        return new DurationExpr(DurationExpr.Op.SUB, null, operand, false, pos);
    }

    private Expr parseOffset(Expr e) {
        advance(); // offset
        String ctx = "offset";
        Expr d;
        int s = start();
        TokenType t = type();
        boolean signed = t == TokenType.ADD || t == TokenType.SUB;
        boolean minus = t == TokenType.SUB;
        if (signed) {
            advance();
            t = type();
        }
        switch (t) {
            case NUMBER, DURATION -> d = signed ? applyUnary(minus, s, durationLiteral()) : durationLiteral();
            case STEP, RANGE, MIN_OF, MAX_OF -> {
                DurationExpr call = durationCall(ctx);
                d = signed ? applyUnary(minus, s, call) : call;
            }
            case LEFT_PAREN -> {
                int ps = start();
                advance();
                Expr inner = parseDurationExpr(0, ctx);
                if (type() != TokenType.RIGHT_PAREN) {
                    throw unexpected(ctx, expectedIn(ctx));
                }
                advance();
                requireDurationExpressions(inner.position().start());
                DurationExpr w = wrap(inner, from(ps));
                d = signed ? applyUnary(minus, s, w) : w;
            }
            default -> throw unexpected(ctx, expectedIn(ctx));
        }
        long ms = d instanceof NumberLiteral n ? Printer.secondsToMillis(n.value()) : 0;
        DurationExpr expr = d instanceof DurationExpr de ? de : null;
        PositionRange pos = new PositionRange(e.position().start(), lastEnd);
        String multiple = "offset may not be set multiple times";
        switch (e) {
            case VectorSelector vs -> {
                if (vs.hasOffset()) {
                    throw fail(multiple, e.position().start());
                }
                return vs.withOffset(ms, expr, pos);
            }
            case MatrixSelector m -> {
                if (m.selector().hasOffset()) {
                    throw fail(multiple, e.position().start());
                }
                return m.withSelector(m.selector().withOffset(ms, expr, m.selector().position()), pos);
            }
            case SubqueryExpr sq -> {
                if (sq.hasOffset()) {
                    throw fail(multiple, e.position().start());
                }
                return sq.withOffset(ms, expr, pos);
            }
            default -> throw fail("offset modifier must be preceded by an instant vector selector or range vector "
                    + "selector or a subquery", e.position().start());
        }
    }

    private Expr parseAt(Expr e) {
        advance(); // @
        Long ms = null;
        AtPreprocessor pre = AtPreprocessor.NONE;
        TokenType t = type();
        if (t == TokenType.ADD || t == TokenType.SUB || t == TokenType.NUMBER || t == TokenType.DURATION) {
            boolean minus = t == TokenType.SUB;
            if (t == TokenType.ADD || t == TokenType.SUB) {
                advance();
                if (type() != TokenType.NUMBER && type() != TokenType.DURATION) {
                    throw unexpected("@", "timestamp");
                }
            }
            double v = numberOrDurationLiteral().value();
            if (minus) {
                v = -v;
            }
            if (Double.isNaN(v) || Double.isInfinite(v) || v >= 9.223372036854775807E18 || v <= -9.223372036854775807E18) {
                throw fail("timestamp out of bounds for @ modifier: " + goPercentF(v), e.position().start());
            }
            ms = Math.round(v * 1000);
        } else if ((t == TokenType.START || t == TokenType.END) && type(1) == TokenType.LEFT_PAREN) {
            pre = t == TokenType.START ? AtPreprocessor.START : AtPreprocessor.END;
            advance();
            advance();
            if (type() != TokenType.RIGHT_PAREN) {
                throw unexpected("", "");
            }
            advance();
        } else {
            throw unexpected("@", "timestamp");
        }
        PositionRange pos = new PositionRange(e.position().start(), lastEnd);
        String multiple = "@ <timestamp> may not be set multiple times";
        switch (e) {
            case VectorSelector vs -> {
                if (vs.hasAt()) {
                    throw fail(multiple, e.position().start());
                }
                return vs.withAt(ms, pre, pos);
            }
            case MatrixSelector m -> {
                if (m.selector().hasAt()) {
                    throw fail(multiple, e.position().start());
                }
                return m.withSelector(m.selector().withAt(ms, pre, m.selector().position()), pos);
            }
            case SubqueryExpr sq -> {
                if (sq.hasAt()) {
                    throw fail(multiple, e.position().start());
                }
                return sq.withAt(ms, pre, pos);
            }
            default -> throw fail("@ modifier must be preceded by an instant vector selector or range vector selector "
                    + "or a subquery", e.position().start());
        }
    }

    private static String goPercentF(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return new java.math.BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    private Expr parseRangeModifier(Expr e) {
        boolean anchored = type() == TokenType.ANCHORED;
        String name = anchored ? "anchored" : "smoothed";
        advance();
        if (!options.extendedRangeSelectors()) {
            throw fail(name + " modifier is experimental and not enabled", e.position().start());
        }
        String both = "anchored and smoothed modifiers cannot be used together";
        switch (e) {
            case VectorSelector vs -> {
                if (anchored ? vs.smoothed() : vs.anchored()) {
                    throw fail(both, e.position().start());
                }
                return vs.withRangeModifiers(anchored || vs.anchored(), !anchored || vs.smoothed(), vs.position());
            }
            case MatrixSelector m -> {
                VectorSelector vs = m.selector();
                if (anchored ? vs.smoothed() : vs.anchored()) {
                    throw fail(both, e.position().start());
                }
                return m.withSelector(
                        vs.withRangeModifiers(anchored || vs.anchored(), !anchored || vs.smoothed(), vs.position()),
                        m.position());
            }
            case SubqueryExpr sq -> throw fail(name + " modifier is not supported for subqueries", e.position().start());
            default -> throw fail(name + " modifier not implemented", e.position().start());
        }
    }

    static boolean isSpaceChar(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
