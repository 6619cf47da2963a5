package io.hearth.promql.ast;

/** Aggregation operators. */
public enum AggregateOp {
    SUM,
    AVG,
    COUNT,
    MIN,
    MAX,
    GROUP,
    STDDEV,
    STDVAR,
    TOPK,
    BOTTOMK,
    COUNT_VALUES,
    QUANTILE,
    LIMITK,
    LIMIT_RATIO;

    /** The keyword as written in PromQL. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the operator takes a parameter before the vector ({@code topk(3, x)}). */
    public boolean hasParam() {
        return switch (this) {
            case TOPK, BOTTOMK, COUNT_VALUES, QUANTILE, LIMITK, LIMIT_RATIO -> true;
            default -> false;
        };
    }

    /** Whether the operator needs experimental functions enabled. */
    public boolean isExperimental() {
        return this == LIMITK || this == LIMIT_RATIO;
    }

    /** The operator for a keyword (case-insensitive), or null. */
    public static AggregateOp forKeyword(String word) {
        for (AggregateOp op : values()) {
            if (op.name().equalsIgnoreCase(word)) {
                return op;
            }
        }
        return null;
    }
}
