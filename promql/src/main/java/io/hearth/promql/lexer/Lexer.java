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

    private boolean is(String valid) {
        int c = peek();
        return c != EOF_CHAR && valid.indexOf(c) >= 0;
    }

    private void acceptRun(String valid) {
        while (accept(valid)) {
            // consume
        }
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

    /** Validates one escape sequence after a backslash; reports an error and returns false if bad. */
    private boolean lexEscape(char quote) {
        int ch = next();
        int n;
        int base;
        int max;
        switch (ch) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
                return true;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                n = 3;
                base = 8;
                max = 255;
            }
            case 'x' -> {
                ch = next();
                n = 2;
                base = 16;
                max = 255;
            }
            case 'u' -> {
                ch = next();
                n = 4;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case 'U' -> {
                ch = next();
                n = 8;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case EOF_CHAR -> {
                pos = length;
                error("escape sequence not terminated");
                return false;
            }
            default -> {
                if (ch == quote) {
                    return true;
                }
                error("unknown escape sequence " + GoQuote.unicodeRune(ch));
                return false;
            }
        }
        long x = 0;
        while (n > 0) {
            int d = Character.digit(ch, 16);
            if (ch == EOF_CHAR || d < 0 || d >= base) {
                if (ch == EOF_CHAR) {
                    pos = length;
                    error("escape sequence not terminated");
                } else {
                    error("illegal character " + GoQuote.unicodeRune(ch) + " in escape sequence");
                }
                return false;
            }
            x = x * base + d;
            n--;
            if (n > 0) {
                ch = next();
            }
        }
        if (x > max || (0xD800 <= x && x < 0xE000)) {
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
        if (acceptRemainingDuration()) {
            if (pos > length) {
                pos = length;
            } else {
                backup();
            }
            emit(TokenType.DURATION);
            return;
        }
        if (pos > length) {
            pos = length;
        }
        error("bad number or duration syntax: " + GoQuote.quote(input.substring(start, pos)));
    }

    private boolean acceptRemainingDuration() {
        if (!accept("smhdwy")) {
            return false;
        }
        accept("s");
        while (accept("0123456789")) {
            acceptRun("0123456789");
            if (!accept("smhdw")) {
                return false;
            }
            accept("s");
        }
        return !isAlphaNumeric(next());
    }

    private static final String DEC = "0123456789";
    private static final String HEX = "0123456789abcdefABCDEF";
    private static final String DEC_NUMBER_CHARS = DEC + "._eE";
    private static final String HEX_NUMBER_CHARS = HEX + "._eE";

    /** Number syntax as Prometheus accepts it: decimal, hexadecimal, fractions, exponents, '_' separators. */
    private boolean scanNumber() {
        int initial = pos;
        String digits = DEC;
        if (accept("0") && accept("xX")) {
            accept("_");
            digits = HEX;
        }
        accept(".");
        accept(digits);
        boolean dot = false;
        boolean exp = false;
        String all = digits == DEC ? DEC_NUMBER_CHARS : HEX_NUMBER_CHARS;
        while (is(all)) {
            if (is(".") && dot) {
                accept(".");
                return false;
            }
            if (is("eE") && exp) {
                accept("eE");
                return false;
            }
            if (accept(".")) {
                dot = true;
                if (accept("_.")) {
                    return false;
                }
                if (digits.length() > 10) {
                    return false;
                }
                continue;
            }
            if (accept("eE")) {
                exp = true;
                accept("+-");
                if (accept("._eE") || peek() == EOF_CHAR) {
                    return false;
                }
                continue;
            }
            if (accept("_")) {
                if (accept("._eE") || peek() == EOF_CHAR) {
                    return false;
                }
                continue;
            }
            acceptRun(digits);
        }
        if (pos == initial) {
            return false;
        }
        return !isAlphaNumeric(peek());
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
