package io.hearth.promql.lexer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Kinds of PromQL tokens. */
public enum TokenType {
    EOF(Kind.SPECIAL, null),
    ERROR(Kind.SPECIAL, null),
    COMMENT(Kind.VALUE, null),
    IDENTIFIER(Kind.VALUE, null),
    METRIC_IDENTIFIER(Kind.VALUE, null),
    NUMBER(Kind.VALUE, null),
    DURATION(Kind.VALUE, null),
    STRING(Kind.VALUE, null),

    LEFT_PAREN(Kind.PUNCTUATION, "("),
    RIGHT_PAREN(Kind.PUNCTUATION, ")"),
    LEFT_BRACE(Kind.PUNCTUATION, "{"),
    RIGHT_BRACE(Kind.PUNCTUATION, "}"),
    LEFT_BRACKET(Kind.PUNCTUATION, "["),
    RIGHT_BRACKET(Kind.PUNCTUATION, "]"),
    COMMA(Kind.PUNCTUATION, ","),
    EQL(Kind.PUNCTUATION, "="),
    COLON(Kind.PUNCTUATION, ":"),

    ADD(Kind.OPERATOR, "+"),
    SUB(Kind.OPERATOR, "-"),
    MUL(Kind.OPERATOR, "*"),
    DIV(Kind.OPERATOR, "/"),
    MOD(Kind.OPERATOR, "%"),
    POW(Kind.OPERATOR, "^"),
    EQLC(Kind.OPERATOR, "=="),
    NEQ(Kind.OPERATOR, "!="),
    LSS(Kind.OPERATOR, "<"),
    LTE(Kind.OPERATOR, "<="),
    GTR(Kind.OPERATOR, ">"),
    GTE(Kind.OPERATOR, ">="),
    TRIM_UPPER(Kind.OPERATOR, "</"),
    TRIM_LOWER(Kind.OPERATOR, ">/"),
    EQL_REGEX(Kind.OPERATOR, "=~"),
    NEQ_REGEX(Kind.OPERATOR, "!~"),
    LAND(Kind.OPERATOR, "and"),
    LOR(Kind.OPERATOR, "or"),
    LUNLESS(Kind.OPERATOR, "unless"),
    AT(Kind.OPERATOR, "@"),
    ATAN2(Kind.OPERATOR, "atan2"),

    SUM(Kind.AGGREGATOR, "sum"),
    AVG(Kind.AGGREGATOR, "avg"),
    COUNT(Kind.AGGREGATOR, "count"),
    MIN(Kind.AGGREGATOR, "min"),
    MAX(Kind.AGGREGATOR, "max"),
    GROUP(Kind.AGGREGATOR, "group"),
    STDDEV(Kind.AGGREGATOR, "stddev"),
    STDVAR(Kind.AGGREGATOR, "stdvar"),
    TOPK(Kind.AGGREGATOR, "topk"),
    BOTTOMK(Kind.AGGREGATOR, "bottomk"),
    COUNT_VALUES(Kind.AGGREGATOR, "count_values"),
    QUANTILE(Kind.AGGREGATOR, "quantile"),
    LIMITK(Kind.AGGREGATOR, "limitk"),
    LIMIT_RATIO(Kind.AGGREGATOR, "limit_ratio"),

    BOOL(Kind.KEYWORD, "bool"),
    BY(Kind.KEYWORD, "by"),
    GROUP_LEFT(Kind.KEYWORD, "group_left"),
    GROUP_RIGHT(Kind.KEYWORD, "group_right"),
    FILL(Kind.KEYWORD, "fill"),
    FILL_LEFT(Kind.KEYWORD, "fill_left"),
    FILL_RIGHT(Kind.KEYWORD, "fill_right"),
    IGNORING(Kind.KEYWORD, "ignoring"),
    OFFSET(Kind.KEYWORD, "offset"),
    SMOOTHED(Kind.KEYWORD, "smoothed"),
    ANCHORED(Kind.KEYWORD, "anchored"),
    ON(Kind.KEYWORD, "on"),
    WITHOUT(Kind.KEYWORD, "without"),

    START(Kind.PREPROCESSOR, "start"),
    END(Kind.PREPROCESSOR, "end"),
    STEP(Kind.PREPROCESSOR, "step"),
    RANGE(Kind.PREPROCESSOR, "range"),
    MAX_OF(Kind.PREPROCESSOR, "max_of"),
    MIN_OF(Kind.PREPROCESSOR, "min_of");

    /** Broad classes of tokens, which decide how a token is described in error messages. */
    public enum Kind {
        SPECIAL,
        VALUE,
        PUNCTUATION,
        OPERATOR,
        AGGREGATOR,
        KEYWORD,
        PREPROCESSOR
    }

    private static final Map<String, TokenType> KEYWORDS = new HashMap<>();

    static {
        for (TokenType t : values()) {
            if (t.text != null && (t.kind == Kind.AGGREGATOR || t.kind == Kind.KEYWORD || t.kind == Kind.PREPROCESSOR
                    || t == LAND || t == LOR || t == LUNLESS || t == ATAN2)) {
                KEYWORDS.put(t.text, t);
            }
        }
        KEYWORDS.put("inf", NUMBER);
        KEYWORDS.put("nan", NUMBER);
    }

    private final Kind kind;
    private final String text;

    TokenType(Kind kind, String text) {
        this.kind = kind;
        this.text = text;
    }

    public Kind kind() {
        return kind;
    }

    /** The fixed text of punctuation, operators and keywords; null for value tokens. */
    public String text() {
        return text;
    }

    private static final int MAX_KEYWORD_LENGTH = 12;
    private static final String[][] KEYWORDS_BY_LENGTH = new String[MAX_KEYWORD_LENGTH + 1][];

    static {
        for (int n = 0; n <= MAX_KEYWORD_LENGTH; n++) {
            final int len = n;
            KEYWORDS_BY_LENGTH[n] = KEYWORDS.keySet().stream().filter(k -> k.length() == len).sorted()
                    .toArray(String[]::new);
        }
    }

    /** The token a word stands for (case-insensitive), or null when it is a plain identifier. */
    public static TokenType keyword(String word) {
        return KEYWORDS.get(word.toLowerCase(Locale.ROOT));
    }

    /**
     * Like {@link #keyword(String)} for the word {@code text[from, to)}, without allocating: the
     * lexer calls it for every identifier.
     */
    public static TokenType keyword(String text, int from, int to) {
        int len = to - from;
        if (len > MAX_KEYWORD_LENGTH) {
            return null;
        }
        for (String k : KEYWORDS_BY_LENGTH[len]) {
            if (text.regionMatches(true, from, k, 0, len)) {
                return KEYWORDS.get(k);
            }
        }
        return null;
    }

    /** Whether the word is a keyword that can also be a label name in grouping lists. */
    public boolean canBeLabel() {
        return kind == Kind.AGGREGATOR || kind == Kind.KEYWORD || kind == Kind.PREPROCESSOR || this == LAND
                || this == LOR || this == LUNLESS || this == ATAN2 || this == IDENTIFIER || this == METRIC_IDENTIFIER;
    }

    /** Describes a token with the given text for "unexpected ..." messages, as Prometheus does. */
    public String describe(String value) {
        if (this == EOF) {
            return "end of input";
        }
        if (this == ERROR) {
            return value;
        }
        if (text != null) {
            return switch (kind) {
                case KEYWORD -> "<" + value + ">";
                case OPERATOR -> "<op:" + value + ">";
                case AGGREGATOR -> "<aggr:" + value + ">";
                default -> GoQuote.truncatedQuote(value);
            };
        }
        String what = switch (this) {
            case COMMENT -> "comment";
            case IDENTIFIER -> "identifier";
            case METRIC_IDENTIFIER -> "metric identifier";
            case STRING -> "string";
            case NUMBER -> "number";
            case DURATION -> "duration";
            default -> name();
        };
        String shown = (this == IDENTIFIER || this == METRIC_IDENTIFIER) ? GoQuote.quote(value) : GoQuote.truncatedQuote(value);
        return what + " " + shown;
    }
}
