package io.hearth.promql.parser;

import io.hearth.promql.ast.AggregateExpr;
import io.hearth.promql.ast.AggregateOp;
import io.hearth.promql.ast.BinaryExpr;
import io.hearth.promql.ast.Call;
import io.hearth.promql.ast.DurationExpr;
import io.hearth.promql.ast.Expr;
import io.hearth.promql.ast.Function;
import io.hearth.promql.ast.LabelMatcher;
import io.hearth.promql.ast.MatrixSelector;
import io.hearth.promql.ast.NumberLiteral;
import io.hearth.promql.ast.ParenExpr;
import io.hearth.promql.ast.Printer;
import io.hearth.promql.ast.StringLiteral;
import io.hearth.promql.ast.SubqueryExpr;
import io.hearth.promql.ast.UnaryExpr;
import io.hearth.promql.ast.ValueType;
import io.hearth.promql.ast.VectorMatching;
import io.hearth.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * The semantic pass that runs after a query parsed: argument counts and types of calls and
 * aggregations against the function table, operand types of operators, vector matching rules and
 * selector sanity. It visits the tree in the order Prometheus does, so the first error reported is
 * the same, and returns the tree normalised (set operators match many-to-many; operations with a
 * scalar side carry no vector matching).
 */
final class TypeChecker {
    private final String input;

    private TypeChecker(String input) {
        this.input = input;
    }

    static Expr check(Expr e, String input) {
        return new TypeChecker(input).visit(e, false);
    }


    private static Parser.Failure fail(String message, Expr at) {
        return Parser.fail(message, at.position().start());
    }

    private Expr expectType(Expr e, ValueType want, String context) {
        Expr checked = visit(e, false);
        if (checked.type() != want) {
            throw fail("expected type " + want.documentedName() + " in " + context + ", got "
                    + checked.type().documentedName(), e);
        }
        return checked;
    }

    private Expr visit(Expr e, boolean allowEmptyMatchers) {
        return switch (e) {
            case NumberLiteral n -> n;
            case StringLiteral s -> s;
            case DurationExpr d -> d;
            case ParenExpr p -> new ParenExpr(visit(p.expr(), false), p.position());
            case AggregateExpr a -> visitAggregate(a);
            case BinaryExpr b -> visitBinary(b);
            case Call c -> visitCall(c);
            case UnaryExpr u -> {
                Expr inner = visit(u.expr(), false);
                ValueType t = inner.type();
                if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
                    throw fail("unary expression only allowed on expressions of type scalar or instant vector, got "
                            + Printer.quote(t.documentedName()), u);
                }
                yield new UnaryExpr(u.op(), inner, u.position());
            }
            case SubqueryExpr s -> {
                Expr inner = visit(s.expr(), false);
                if (inner.type() != ValueType.VECTOR) {
                    throw fail("subquery is only allowed on instant vector, got " + inner.type().shortName()
                            + " instead", s);
                }
                yield new SubqueryExpr(inner, s.rangeMillis(), s.rangeExpr(), s.stepMillis(), s.stepExpr(),
                        s.offsetMillis(), s.offsetExpr(), s.atMillis(), s.atPreprocessor(), s.position());
            }
            case MatrixSelector m -> {
                visitSelector(m.selector(), false);
                yield m;
            }
            case VectorSelector v -> {
                visitSelector(v, allowEmptyMatchers);
                yield v;
            }
        };
    }

    private void visitSelector(VectorSelector v, boolean allowEmptyMatchers) {
        if (!v.name().isEmpty()) {
            List<LabelMatcher> ms = v.matchers();
            for (int i = 0; i < ms.size() - 1; i++) {
                LabelMatcher m = ms.get(i);
                if (m.name().equals(LabelMatcher.METRIC_NAME)) {
                    throw fail("metric name must not be set twice: " + Printer.quote(v.name()) + " or "
                            + Printer.quote(m.value()), v);
                }
            }
            return;
        }
        if (allowEmptyMatchers) {
            return;
        }
        for (LabelMatcher m : v.matchers()) {
            if (!m.matches("")) {
                return;
            }
        }
        throw fail("vector selector must contain at least one non-empty matcher", v);
    }

    private Expr visitAggregate(AggregateExpr a) {
        Expr expr = expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
        Expr param = a.param();
        AggregateOp op = a.op();
        if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK || op == AggregateOp.QUANTILE
                || op == AggregateOp.LIMITK || op == AggregateOp.LIMIT_RATIO) {
            param = expectType(param, ValueType.SCALAR, "aggregation parameter");
        } else if (op == AggregateOp.COUNT_VALUES) {
            param = expectType(param, ValueType.STRING, "aggregation parameter");
        }
        return new AggregateExpr(op, expr, param, a.grouping(), a.without(), a.position());
    }

    private int operatorStart(BinaryExpr b) {
        int i = b.lhs().position().end();
        while (i < input.length() && Parser.isSpaceChar(input.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Long queries are mostly long left-associative chains ({@code a + b + c ...}); their left spine
     * is walked with a loop instead of recursion, in the same post-order as the recursive visit.
     */
    private Expr visitBinary(BinaryExpr top) {
        java.util.ArrayDeque<BinaryExpr> spine = new java.util.ArrayDeque<>();
        Expr cur = top;
        while (cur instanceof BinaryExpr b) {
            spine.push(b);
            cur = b.lhs();
        }
        Expr lhs = visit(cur, false);
        ValueType lt = lhs.type();
        while (!spine.isEmpty()) {
            BinaryExpr b = spine.pop();
            Expr rhs = visit(b.rhs(), false);
            ValueType rt = rhs.type();
            lhs = checkBinary(b, lhs, lt, rhs, rt);
            lt = lt == ValueType.SCALAR && rt == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
        }
        return lhs;
    }

    private Expr checkBinary(BinaryExpr b, Expr lhs, ValueType lt, Expr rhs, ValueType rt) {
        VectorMatching vm = b.matching();
        if (b.returnBool() && !b.op().isComparison()) {
            throw Parser.fail("bool modifier can only be used on comparison operators", operatorStart(b));
        }
        if (b.op().isComparison() && !b.returnBool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            throw Parser.fail("comparisons between scalars must use BOOL modifier", operatorStart(b));
        }
        if (vm != null && b.op().isSetOperator() && vm.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
            vm = vm.withCardinality(VectorMatching.Cardinality.MANY_TO_MANY);
        }
        if (vm != null && vm.on()) {
            for (String l1 : vm.matchingLabels()) {
                if (vm.include().contains(l1)) {
                    throw Parser.fail("label " + Printer.quote(l1) + " must not occur in ON and GROUP clause at once",
                            operatorStart(b));
                }
            }
        }
        if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
            throw fail("binary expression must contain only scalar and instant vector types", b.lhs());
        }
        if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
            throw fail("binary expression must contain only scalar and instant vector types", b.rhs());
        }
        if ((lt != ValueType.VECTOR || rt != ValueType.VECTOR) && vm != null) {
            if (!vm.matchingLabels().isEmpty()) {
                throw fail("vector matching only allowed between instant vectors", b);
            }
            if (vm.hasFill()) {
                throw fail("filling in missing series only allowed between instant vectors", b);
            }
            vm = null;
        } else if (b.op().isSetOperator() && vm != null) {
            if (vm.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY
                    || vm.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE) {
                throw fail("no grouping allowed for " + Printer.quote(b.op().symbol()) + " operation", b);
            }
            if (vm.cardinality() != VectorMatching.Cardinality.MANY_TO_MANY) {
                throw fail("set operations must always be many-to-many", b);
            }
            if (vm.hasFill()) {
                throw fail("filling in missing series not allowed for set operators", b);
            }
        }
        if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && b.op().isSetOperator()) {
            throw fail("set operator " + Printer.quote(b.op().symbol()) + " not allowed in binary scalar expression", b);
        }
        return new BinaryExpr(b.op(), lhs, rhs, vm, b.returnBool(), b.position());
    }

    private Expr visitCall(Call c) {
        Function f = c.function();
        int n = c.args().size();
        String name = Printer.quote(f.name());
        if (f.variadic() == 0) {
            if (n != f.argTypes().size()) {
                throw fail("expected " + f.argTypes().size() + " argument(s) in call to " + name + ", got " + n, c);
            }
        } else {
            int min = f.argTypes().size() - 1;
            if (min > n) {
                throw fail("expected at least " + min + " argument(s) in call to " + name + ", got " + n, c);
            } else if (f.variadic() > 0 && min + f.variadic() < n) {
                throw fail("expected at most " + (min + f.variadic()) + " argument(s) in call to " + name + ", got "
                        + n, c);
            }
        }
        boolean infoSelector = false;
        if (f.name().equals("info") && n > 1) {
            Expr second = c.args().get(1);
            if (second.type() != ValueType.VECTOR) {
                throw fail("expected type instant vector in call to function " + name + ", got "
                        + second.type().documentedName(), c);
            }
            if (second instanceof VectorSelector vs && !vs.name().isEmpty()) {
                throw fail("expected label selectors only, got vector selector instead", second);
            } else if (second instanceof VectorSelector) {
                infoSelector = true;
            } else {
                throw fail("expected label selectors only", second);
            }
        }
        List<Expr> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Expr arg = c.args().get(i);
            if (i >= f.argTypes().size() && f.variadic() == 0) {
                args.add(arg);
                continue;
            }
            Expr checked = visit(arg, infoSelector && i == 1);
            if (checked.type() != f.argType(i)) {
                throw fail("expected type " + f.argType(i).documentedName() + " in call to function " + name
                        + ", got " + checked.type().documentedName(), arg);
            }
            args.add(checked);
        }
        return new Call(f, args, c.position());
    }
}
