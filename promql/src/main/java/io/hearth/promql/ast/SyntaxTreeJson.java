package io.hearth.promql.ast;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;

/**
 * Renders a syntax tree as the JSON Prometheus 3's {@code /api/v1/parse_query} answers with: one
 * object per node, its members in name order (as Go writes maps), selectors with their matchers in
 * source order (the metric name's matcher last), durations, offsets and {@code @} times in
 * milliseconds, number literals as strings in Go's shortest plain notation.
 *
 * <p>Duration expressions ({@code [5m + step()]}) have no counterpart in that format: their
 * range, step or offset is written as 0, as Prometheus does before it evaluates them.
 */
public final class SyntaxTreeJson {

    private final StringBuilder out = new StringBuilder(256);

    private SyntaxTreeJson() {
    }

    /** The tree as one JSON object. */
    public static String render(Expr expr) {
        SyntaxTreeJson json = new SyntaxTreeJson();
        json.node(expr);
        return json.out.toString();
    }

    private void node(Expr e) {
        if (e == null) {
            out.append("null");
            return;
        }
        switch (e) {
            case AggregateExpr a -> {
                out.append('{');
                key("expr");
                node(a.expr());
                next("grouping");
                strings(a.grouping());
                next("op");
                string(a.op().keyword());
                next("param");
                node(a.param());
                next("type");
                string("aggregation");
                next("without");
                out.append(a.without());
                out.append('}');
            }
            case BinaryExpr b -> {
                out.append('{');
                key("bool");
                out.append(b.returnBool());
                next("lhs");
                node(b.lhs());
                next("matching");
                matching(b.matching());
                next("op");
                string(b.op().symbol());
                next("rhs");
                node(b.rhs());
                next("type");
                string("binaryExpr");
                out.append('}');
            }
            case Call c -> {
                out.append('{');
                key("args");
                array(c.args(), this::node);
                next("func");
                Function f = c.function();
                out.append('{');
                key("argTypes");
                array(f.argTypes(), t -> string(t.shortName()));
                next("name");
                string(f.name());
                next("returnType");
                string(f.returnType().shortName());
                next("variadic");
                out.append(f.variadic());
                out.append('}');
                next("type");
                string("call");
                out.append('}');
            }
            case MatrixSelector m -> selector(m.selector(), m);
            case SubqueryExpr s -> {
                out.append('{');
                key("expr");
                node(s.expr());
                next("offset");
                out.append(s.offsetMillis());
                next("range");
                out.append(s.rangeMillis());
                next("startOrEnd");
                startOrEnd(s.atPreprocessor());
                next("step");
                out.append(s.stepMillis());
                next("timestamp");
                out.append(s.atMillis());
                next("type");
                string("subquery");
                out.append('}');
            }
            case NumberLiteral n -> literal("numberLiteral", goFloat(n.value()));
            case ParenExpr p -> {
                out.append('{');
                key("expr");
                node(p.expr());
                next("type");
                string("parenExpr");
                out.append('}');
            }
            case StringLiteral s -> literal("stringLiteral", s.value());
            case UnaryExpr u -> {
                out.append('{');
                key("expr");
                node(u.expr());
                next("op");
                string(u.op().symbol());
                next("type");
                string("unaryExpr");
                out.append('}');
            }
            case VectorSelector vs -> selector(vs, null);
            case DurationExpr d -> {
                // only found under modifiers, which the format gives as numbers; a bare one is a number
                literal("numberLiteral", Printer.print(d));
            }
        }
    }

    private void matching(VectorMatching m) {
        if (m == null) {
            out.append("null");
            return;
        }
        out.append('{');
        key("card");
        string(switch (m.cardinality()) {
            case ONE_TO_ONE -> "one-to-one";
            case MANY_TO_ONE -> "many-to-one";
            case ONE_TO_MANY -> "one-to-many";
            case MANY_TO_MANY -> "many-to-many";
        });
        next("fillValues");
        out.append('{');
        key("lhs");
        fill(m.fillLeft());
        next("rhs");
        fill(m.fillRight());
        out.append('}');
        next("include");
        strings(m.include());
        next("labels");
        strings(m.matchingLabels());
        next("on");
        out.append(m.on());
        out.append('}');
    }

    private void fill(Double value) {
        if (value == null) {
            out.append("null");
        } else if (Double.isNaN(value) || Double.isInfinite(value)) {
            string(goFloat(value)); // JSON has no such numbers; Go's encoder would fail here
        } else {
            out.append(goFloat(value));
        }
    }

    /** A vector selector, or with {@code matrix} a matrix selector: the same members plus its range. */
    private void selector(VectorSelector vs, MatrixSelector matrix) {
        out.append('{');
        key("anchored");
        out.append(vs.anchored());
        next("matchers");
        array(vs.matchers(), this::matcher);
        next("name");
        string(vs.name());
        next("offset");
        out.append(vs.offsetMillis());
        if (matrix != null) {
            next("range");
            out.append(matrix.rangeMillis());
        }
        next("smoothed");
        out.append(vs.smoothed());
        next("startOrEnd");
        startOrEnd(vs.atPreprocessor());
        next("timestamp");
        out.append(vs.atMillis());
        next("type");
        string(matrix == null ? "vectorSelector" : "matrixSelector");
        out.append('}');
    }

    private void matcher(LabelMatcher m) {
        out.append('{');
        key("name");
        string(m.name());
        next("type");
        string(m.type().symbol());
        next("value");
        string(m.value());
        out.append('}');
    }

    private void literal(String type, String value) {
        out.append('{');
        key("type");
        string(type);
        next("val");
        string(value);
        out.append('}');
    }

    private void startOrEnd(AtPreprocessor at) {
        switch (at) {
            case NONE -> out.append("null");
            case START -> string("start");
            case END -> string("end");
        }
    }

    private void strings(List<String> values) {
        array(values, this::string);
    }

    private <T> void array(List<T> items, Consumer<T> element) {
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            element.accept(items.get(i));
        }
        out.append(']');
    }

    private void key(String name) {
        string(name);
        out.append(':');
    }

    private void next(String name) {
        out.append(',');
        key(name);
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Go also escapes <, > and & for HTML, and U+2028/U+2029; lone surrogates become U+FFFD
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)))) {
                        out.append("\\ufffd");
                    } else {
                        if (Character.isHighSurrogate(c)) {
                            out.append(c).append(s.charAt(++i));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
        }
        out.append('"');
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest round-trip digits, never an exponent. */
    static String goFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
        }
        String plain = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        return plain;
    }
}
