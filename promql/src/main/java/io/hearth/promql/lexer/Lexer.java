package io.hearth.promql.lexer;

/**
 * Splits PromQL text into {@link Tokens}. A hand-written state machine with the states of the
 * Prometheus lexer: statements, inside braces, and the start of a range/subquery bracket where
 * duration expressions are read. Keywords are recognised case-insensitively; {@code fill},
 * {@code fill_left} and {@code fill_right} are keywords only when an opening parenthesis follows.
 *
 * <p>Lexing stops at the first error, which becomes the last token.
 */
public final class Lexer {
    private enum State {
        STATEMENTS,
        BRACES,
        DURATION
    }

    private static final int EOF_CHAR = -1;

    private final String input;
    private final int length;
    private final Tokens out;
    private int pos;
    private int start;
    private int parenDepth;
    private boolean braceOpen;
    private boolean bracketOpen;
    private boolean gotColon;
    private boolean gotDuration;
    private boolean done;
    private State state = State.STATEMENTS;

    private Lexer(String input) {
        this.input = input;
        this.length = input.length();
        this.out = new Tokens(input);
    }

    /** Lexes the whole input. */
    public static Tokens lex(String input) {
        Lexer l = new Lexer(input);
        while (!l.done) {
            switch (l.state) {
                case STATEMENTS -> l.lexStatements();
                case BRACES -> l.lexInsideBraces();
                case DURATION -> l.lexDurationExpr();
            }
        }
        return l.out;
    }

    // ---- character helpers (no allocation) ----

    private int next() {
        if (pos >= length) {
            pos = length + 1; // remember that we read past the end, backup() undoes it
            return EOF_CHAR;
        }
        return input.charAt(pos++);
    }

    private void backup() {
        pos--;
    }

    private int peek() {
        return pos >= length ? EOF_CHAR : input.charAt(pos);
    }

    private boolean accept(String valid) {
        int c = peek();
        if (c != EOF_CHAR && valid.indexOf(c) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private void emit(TokenType t) {
        out.add(t, start, pos);
        start = pos;
    }

    private void ignore() {
        start = pos;
    }

    private void error(String message) {
        out.addError(start, message);
        done = true;
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    static boolean isAlpha(int c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlphaNumeric(int c) {
        return isAlpha(c) || isDigit(c);
    }

    private void skipSpaces() {
        while (isSpace(peek())) {
            pos++;
        }
        ignore();
    }

    // ---- states ----

    private void lexStatements() {
        if (braceOpen) {
            state = State.BRACES;
            return;
        }
        if (peek() == '#') {
            lexLineComment();
            return;
        }
        int r = next();
        switch (r) {
            case EOF_CHAR -> {
                pos = length;
                if (parenDepth != 0) {
                    error("unclosed left parenthesis");
                } else if (bracketOpen) {
                    error("unclosed left bracket");
                } else {
                    emit(TokenType.EOF);
                    done = true;
                }
            }
            case ',' -> emit(TokenType.COMMA);
            case ' ', '\t', '\n', '\r' -> skipSpaces();
            case '*' -> emit(TokenType.MUL);
            case '/' -> emit(TokenType.DIV);
            case '%' -> emit(TokenType.MOD);
            case '+' -> emit(TokenType.ADD);
            case '-' -> emit(TokenType.SUB);
            case '^' -> emit(TokenType.POW);
            case '=' -> {
                int t = peek();
                if (t == '=') {
                    pos++;
                    emit(TokenType.EQLC);
                } else if (t == '~') {
                    error("unexpected character after '=': " + GoQuote.quoteRune(t));
                } else {
                    emit(TokenType.EQL);
                }
            }
            case '!' -> {
                int t = next();
                if (t != '=') {
                    error("unexpected character after '!': " + GoQuote.quoteRune(t));
                } else {
                    emit(TokenType.NEQ);
                }
            }
            case '<' -> {
                if (accept("=")) {
                    emit(TokenType.LTE);
                } else if (accept("/")) {
                    emit(TokenType.TRIM_UPPER);
                } else {
                    emit(TokenType.LSS);
                }
            }
            case '>' -> {
                if (accept("=")) {
                    emit(TokenType.GTE);
                } else if (accept("/")) {
                    emit(TokenType.TRIM_LOWER);
                } else {
                    emit(TokenType.GTR);
                }
            }
            case '"', '\'' -> lexString((char) r);
            case '`' -> lexRawString();
            case '(' -> {
                emit(TokenType.LEFT_PAREN);
                parenDepth++;
            }
            case ')' -> {
                parenDepth--;
                if (parenDepth < 0) {
                    // Prometheus reports this error in place of the token, just after it.
                    start = pos;
                    error("unexpected right parenthesis " + GoQuote.quoteRune(r));
                } else {
                    emit(TokenType.RIGHT_PAREN);
                }
            }
            case '{' -> {
                emit(TokenType.LEFT_BRACE);
                braceOpen = true;
                state = State.BRACES;
            }
            case '[' -> {
                if (bracketOpen) {
                    error("unexpected left bracket " + GoQuote.quoteRune(r));
                    return;
                }
                gotColon = false;
                emit(TokenType.LEFT_BRACKET);
                skipSpaces();
                bracketOpen = true;
                state = State.DURATION;
            }
            case ']' -> {
                if (!bracketOpen) {
                    error("unexpected right bracket " + GoQuote.quoteRune(r));
                    return;
                }
                emit(TokenType.RIGHT_BRACKET);
                bracketOpen = false;
            }
            case '@' -> emit(TokenType.AT);
            default -> {
                if (isDigit(r) || (r == '.' && isDigit(peek()))) {
                    backup();
                    lexNumberOrDuration();
                } else if (isAlpha(r) || r == ':') {
                    if (!bracketOpen) {
                        backup();
                        lexKeywordOrIdentifier();
                    } else if (r == ':') {
                        if (gotColon) {
                            error("unexpected colon " + GoQuote.quoteRune(r));
                            return;
                        }
                        emit(TokenType.COLON);
                        gotColon = true;
                    } else if (!(isDurationKeywordStart(r) && scanDurationKeyword())) {
                        error("unexpected character: " + GoQuote.quoteRune(r) + ", expected " + GoQuote.quoteRune(':'));
                    }
                } else {
                    error("unexpected character: " + GoQuote.quoteRune(input.codePointAt(pos - 1)));
                }
            }
        }
    }

    private void lexDurationExpr() {
        int r = next();
        switch (r) {
            case EOF_CHAR -> {
                pos = length;
                error("unexpected end of input in duration expression");
            }
            case ']' -> {
                emit(TokenType.RIGHT_BRACKET);
                bracketOpen = false;
                gotColon = false;
                state = State.STATEMENTS;
            }
            case ':' -> {
                if (!gotDuration || gotColon) {
                    start = pos;
                    error(gotColon ? "unexpected repeated colon in duration expression"
                            : "unexpected colon before duration in duration expression");
                    return;
                }
                emit(TokenType.COLON);
                gotColon = true;
            }
            case '(' -> {
                emit(TokenType.LEFT_PAREN);
                parenDepth++;
            }
            case ')' -> {
                parenDepth--;
                if (parenDepth < 0) {
                    // Prometheus reports this error in place of the token, just after it.
                    start = pos;
                    error("unexpected right parenthesis " + GoQuote.quoteRune(r));
                } else {
                    emit(TokenType.RIGHT_PAREN);
                }
            }
            case ' ', '\t', '\n', '\r' -> skipSpaces();
            case '+' -> emit(TokenType.ADD);
            case '-' -> emit(TokenType.SUB);
            case '*' -> emit(TokenType.MUL);
            case '/' -> emit(TokenType.DIV);
            case '%' -> emit(TokenType.MOD);
            case '^' -> emit(TokenType.POW);
            case ',' -> emit(TokenType.COMMA);
            default -> {
                if (isDurationKeywordStart(r)) {
                    if (!scanDurationKeyword()) {
                        error("unexpected character in duration expression: " + GoQuote.quoteRune(r));
                    }
                } else if (isDigit(r) || (r == '.' && isDigit(peek()))) {
                    backup();
                    gotDuration = true;
                    lexNumberOrDuration();
                    state = State.STATEMENTS;
                } else {
                    error("unexpected character in duration expression: " + GoQuote.quoteRune(input.codePointAt(pos - 1)));
                }
            }
        }
    }

    private void lexInsideBraces() {
        if (peek() == '#') {
            lexLineComment();
            return;
        }
        int r = next();
        switch (r) {
            case EOF_CHAR -> {
                pos = length;
                error("unexpected end of input inside braces");
            }
            case ' ', '\t', '\n', '\r' -> skipSpaces();
            case ',' -> emit(TokenType.COMMA);
            case '"', '\'' -> lexString((char) r);
            case '`' -> lexRawString();
            case '=' -> emit(accept("~") ? TokenType.EQL_REGEX : TokenType.EQL);
            case '!' -> {
                int nr = next();
                if (nr == '~') {
                    emit(TokenType.NEQ_REGEX);
                } else if (nr == '=') {
                    emit(TokenType.NEQ);
                } else {
                    error("unexpected character after '!' inside braces: " + GoQuote.quoteRune(nr));
                }
            }
            case '{' -> error("unexpected left brace " + GoQuote.quoteRune(r));
            case '}' -> {
                emit(TokenType.RIGHT_BRACE);
                braceOpen = false;
                state = State.STATEMENTS;
            }
            default -> {
                if (isAlpha(r)) {
                    while (isAlphaNumeric(peek())) {
                        pos++;
                    }
                    emit(TokenType.IDENTIFIER);
                } else {
                    error("unexpected character inside braces: " + GoQuote.quoteRune(input.codePointAt(pos - 1)));
                }
            }
        }
    }

    private void lexLineComment() {
        pos++; // '#'
        while (pos < length && input.charAt(pos) != '\r' && input.charAt(pos) != '\n') {
            pos++;
        }
        emit(TokenType.COMMENT);
    }

    private void lexString(char quote) {
        while (true) {
            int c = next();
            if (c == '\\') {
                if (!lexEscape(quote)) {
                    return;
                }
            } else if (c == EOF_CHAR || c == '\n') {
                if (c == EOF_CHAR) {
                    pos = length;
                }
                error("unterminated quoted string");
                return;
            } else if (c == quote) {
                break;
            }
        }
        emit(TokenType.STRING);
    }

    /**
     * Checks the escape sequence after a backslash (already consumed) and moves past it. Accepted:
     * one of {@code a b f n r t v \\} or the string's own quote; three octal digits (at most 255);
     * {@code x} with 2, {@code u} with 4, {@code U} with 8 hex digits, naming a valid code point.
     * Reports the error and returns false otherwise.
     */
    private boolean lexEscape(char quote) {
        if (pos >= length) {
            error("escape sequence not terminated");
            return false;
        }
        char kind = input.charAt(pos);
        if ("abfnrtv\\".indexOf(kind) >= 0 || kind == quote) {
            pos++;
            return true;
        }
        int radix;
        int count;
        int first;
        if (kind >= '0' && kind <= '7') {
            radix = 8;
            count = 3;
            first = pos; // the kind character is the first digit
        } else if (kind == 'x' || kind == 'u' || kind == 'U') {
            radix = 16;
            count = kind == 'x' ? 2 : kind == 'u' ? 4 : 8;
            first = pos + 1;
        } else {
            pos++;
            error("unknown escape sequence " + GoQuote.unicodeRune(input.codePointAt(pos - 1)));
            return false;
        }
        long value = 0;
        for (int k = 0; k < count; k++) {
            int at = first + k;
            if (at >= length) {
                pos = length;
                error("escape sequence not terminated");
                return false;
            }
            int digit = asciiDigit(input.charAt(at), radix);
            if (digit < 0) {
                pos = at + 1;
                error("illegal character " + GoQuote.unicodeRune(input.codePointAt(at)) + " in escape sequence");
                return false;
            }
            value = value * radix + digit;
        }
        pos = first + count;
        long max = radix == 8 || kind == 'x' ? 0xFF : Character.MAX_CODE_POINT;
        if (value > max || (value >= 0xD800 && value <= 0xDFFF)) {
            error("escape sequence is an invalid Unicode code point");
            return false;
        }
        return true;
    }

    private void lexRawString() {
        while (true) {
            int c = next();
            if (c == EOF_CHAR) {
                pos = length;
                error("unterminated raw string");
                return;
            }
            if (c == '`') {
                break;
            }
        }
        emit(TokenType.STRING);
    }

    private void lexNumberOrDuration() {
        if (scanNumber()) {
            emit(TokenType.NUMBER);
            return;
        }
        if (scanDurationTail()) {
            emit(TokenType.DURATION);
            return;
        }
        error("bad number or duration syntax: " + GoQuote.quote(input.substring(start, Math.min(pos, length))));
    }

    private static int asciiDigit(char c, int radix) {
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
        return d < radix ? d : -1;
    }

    private int charAt(int i) {
        return i < length ? input.charAt(i) : EOF_CHAR;
    }

    private static boolean isHexDigit(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Characters that may not directly follow a '.', an exponent (and its sign) or a '_'. */
    private static boolean isSeparatorClash(int c) {
        return c == '.' || c == '_' || c == 'e' || c == 'E';
    }

    /**
     * Scans a number as Prometheus' lexer does and reports whether it is complete. The shape: an
     * optional {@code 0x} prefix (hex digits, optionally one '_' right after the prefix), an
     * optional leading '.', then segments: digit runs, one '.', one exponent {@code e}/{@code E}
     * with optional sign, and '_' separators. A '.' is not allowed in hex and may not be followed
     * by '.' or '_'; an exponent or '_' must be followed by something other than '.', '_',
     * {@code e}, {@code E} or the end. In hex an {@code e} that starts a segment is an exponent
     * marker, inside a digit run it is a digit (an upstream quirk kept for identical errors). The
     * number must not run into a letter, digit or '_'. On a violation {@code pos} is left just past
     * the offending character, where the error message cuts the text.
     */
    private boolean scanNumber() {
        int begin = pos;
        boolean hex = false;
        if (charAt(pos) == '0') {
            pos++;
            if (charAt(pos) == 'x' || charAt(pos) == 'X') {
                hex = true;
                pos++;
                if (charAt(pos) == '_') {
                    pos++;
                }
            }
        }
        // One '.' and one digit are taken before the segment loop, after a leading '0' if any; that
        // '.' does not count as the fraction point (upstream behaviour: ".5.3" and "0.5." lex as
        // numbers and then fail to parse as such).
        if (charAt(pos) == '.') {
            pos++;
        }
        if (hex ? isHexDigit(charAt(pos)) : isDigit(charAt(pos))) {
            pos++;
        }
        boolean sawPoint = false;
        boolean sawExponent = false;
        while (true) {
            int c = charAt(pos);
            if (c == '.') {
                pos++;
                if (sawPoint) {
                    return false;
                }
                sawPoint = true;
                if (charAt(pos) == '.' || charAt(pos) == '_') {
                    pos++;
                    return false;
                }
                if (hex) {
                    return false;
                }
            } else if (c == 'e' || c == 'E') {
                pos++;
                if (sawExponent) {
                    return false;
                }
                sawExponent = true;
                if (charAt(pos) == '+' || charAt(pos) == '-') {
                    pos++;
                }
                if (!segmentMayContinue()) {
                    return false;
                }
            } else if (c == '_') {
                pos++;
                if (!segmentMayContinue()) {
                    return false;
                }
            } else if (hex ? isHexDigit(c) : isDigit(c)) {
                while (hex ? isHexDigit(charAt(pos)) : isDigit(charAt(pos))) {
                    pos++;
                }
            } else {
                break;
            }
        }
        return pos != begin && !isAlphaNumeric(charAt(pos));
    }

    /** After an exponent or '_': the end or a clashing character fails (the latter is consumed). */
    private boolean segmentMayContinue() {
        int c = charAt(pos);
        if (c == EOF_CHAR) {
            return false;
        }
        if (isSeparatorClash(c)) {
            pos++;
            return false;
        }
        return true;
    }

    /**
     * Continues a number that ran into a letter as a duration: a unit letter (y w d h m s, with an
     * optional trailing 's' for "ms"), then any number of digit-run-plus-unit groups (units
     * w d h m s, optional 's'), not followed by a letter, digit or '_'. Unit order and repetition
     * are checked later, when the duration's value is computed. On failure {@code pos} is left
     * past the character that failed, for the error message.
     */
    private boolean scanDurationTail() {
        if ("smhdwy".indexOf(charAt(pos)) < 0 || charAt(pos) == EOF_CHAR) {
            return false;
        }
        pos++;
        if (charAt(pos) == 's') {
            pos++;
        }
        while (isDigit(charAt(pos))) {
            while (isDigit(charAt(pos))) {
                pos++;
            }
            int unit = charAt(pos);
            if (unit == EOF_CHAR || "smhdw".indexOf(unit) < 0) {
                return false;
            }
            pos++;
            if (charAt(pos) == 's') {
                pos++;
            }
        }
        if (isAlphaNumeric(charAt(pos))) {
            pos++;
            return false;
        }
        return true;
    }

    private void lexKeywordOrIdentifier() {
        boolean colon = false;
        while (true) {
            int r = peek();
            if (isAlphaNumeric(r)) {
                pos++;
            } else if (r == ':') {
                colon = true;
                pos++;
            } else {
                break;
            }
        }
        TokenType kw = TokenType.keyword(input, start, pos);
        if (kw != null) {
            if ((kw == TokenType.FILL || kw == TokenType.FILL_LEFT || kw == TokenType.FILL_RIGHT)
                    && !followedByLeftParen()) {
                emit(TokenType.IDENTIFIER);
            } else {
                emit(kw);
            }
        } else {
            emit(colon ? TokenType.METRIC_IDENTIFIER : TokenType.IDENTIFIER);
        }
    }

    private boolean followedByLeftParen() {
        for (int p = pos; p < length; p++) {
            char c = input.charAt(p);
            if (!isSpace(c)) {
                return c == '(';
            }
        }
        return false;
    }

    private static boolean isDurationKeywordStart(int r) {
        int c = Character.toLowerCase(r);
        return c == 's' || c == 'r' || c == 'm';
    }

    /** After the first letter of a word inside brackets: step, range, max_of or min_of. */
    private boolean scanDurationKeyword() {
        while (isAlpha(peek())) {
            pos++;
        }
        TokenType t = TokenType.keyword(input, start, pos);
        if (t != TokenType.STEP && t != TokenType.RANGE && t != TokenType.MAX_OF && t != TokenType.MIN_OF) {
            return false;
        }
        emit(t);
        return true;
    }
}
