package io.hearth.promql.ast;

/** Binary operators, with Prometheus precedence (higher binds tighter). */
public enum BinaryOp {
    OR("or", 1),
    AND("and", 2),
    UNLESS("unless", 2),
    EQLC("==", 3),
    NEQ("!=", 3),
    GTR(">", 3),
    LSS("<", 3),
    GTE(">=", 3),
    LTE("<=", 3),
    /** {@code </}: experimental histogram trim operator (keep the part at or below the bound). */
    TRIM_UPPER("</", 3),
    /** {@code >/}: experimental histogram trim operator (keep the part at or above the bound). */
    TRIM_LOWER(">/", 3),
    ADD("+", 4),
    SUB("-", 4),
    MUL("*", 5),
    DIV("/", 5),
    MOD("%", 5),
    ATAN2("atan2", 5),
    POW("^", 6);

    /** Precedence of unary minus/plus: they bind like {@code *}. */
    public static final int UNARY_PRECEDENCE = 5;

    private final String symbol;
    private final int precedence;

    BinaryOp(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    public boolean isRightAssociative() {
        return this == POW;
    }

    /** {@code == != > < >= <=}: the operators that accept {@code bool}. */
    public boolean isComparison() {
        return switch (this) {
            case EQLC, NEQ, GTR, LSS, GTE, LTE -> true;
            default -> false;
        };
    }

    /** {@code and or unless}. */
    public boolean isSetOperator() {
        return this == AND || this == OR || this == UNLESS;
    }
}
