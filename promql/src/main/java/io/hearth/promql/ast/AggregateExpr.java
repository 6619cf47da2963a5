package io.hearth.promql.ast;

import java.util.List;
import java.util.Objects;

/**
 * An aggregation such as {@code topk by (job) (3, x)}.
 *
 * @param param the parameter of topk, bottomk, quantile, count_values, limitk, limit_ratio; else null
 * @param grouping the labels of {@code by}/{@code without}
 */
public record AggregateExpr(
        AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without, PositionRange position)
        implements Expr {

    public AggregateExpr {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(expr, "expr");
        grouping = List.copyOf(grouping);
        Objects.requireNonNull(position, "position");
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public AggregateExpr canonical() {
        return new AggregateExpr(op, expr.canonical(), Expr.strip(param), grouping, without, PositionRange.NONE);
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }
}
