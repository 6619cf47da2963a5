package io.hearth.plugins.rules.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Go text/template into tokens: text outside actions, and inside {{ }} the words of
 * the action language. Handles trim markers ({@code {{- } and {@code -}}}, which remove the white
 * space beside them) and comments ({@code {{/* ... *}{@code /}}}).
 */
final class TemplateLexer {

    enum Kind {
        TEXT, LEFT, RIGHT, SPACE, IDENTIFIER, KEYWORD, FIELD, VARIABLE, STRING, CHAR, NUMBER, BOOL, NIL, DOT, PIPE,
        LEFT_PAREN, RIGHT_PAREN, DECLARE, ASSIGN, COMMA, EOF
    }

    /** One token; {@code value} is the unquoted string, the char code, or the text. */
    record Token(Kind kind, String text, int pos, Object value) {
    }

    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("if", "else", "end", "range", "with",
            "define", "template", "block", "break", "continue");

    private final String name;
    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private TemplateLexer(String name, String input) {
        this.name = name;
        this.input = input;
    }

    static List<Token> lex(String name, String input) throws TemplateException {
        TemplateLexer lexer = new TemplateLexer(name, input);
        lexer.run();
        return lexer.tokens;
    }

    private TemplateException error(String message) {
        int line = 1;
        for (int i = 0; i < Math.min(pos, input.length()); i++) {
            if (input.charAt(i) == '\n') {
                line++;
            }
        }
        return new TemplateException("template: " + name + ":" + line + ": " + message, true);
    }

    private void run() throws TemplateException {
        boolean trimNextText = false;
        while (pos < input.length()) {
            int open = input.indexOf("{{", pos);
            int end = open < 0 ? input.length() : open;
            String text = input.substring(pos, end);
            boolean trimLeft = open >= 0 && input.startsWith("-", open + 2) && open + 3 < input.length()
                    && isSpace(input.charAt(open + 3));
            if (trimNextText) {
                text = stripLeading(text);
            }
            if (trimLeft) {
                text = stripTrailing(text);
            }
            if (!text.isEmpty()) {
                tokens.add(new Token(Kind.TEXT, text, pos, text));
            }
            if (open < 0) {
                pos = input.length();
                break;
            }
            pos = open + 2;
            if (trimLeft) {
                pos += 2;
            }
            trimNextText = action(open);
        }
        tokens.add(new Token(Kind.EOF, "", input.length(), null));
    }

    /** Lexes one action from after its opening delimiter; returns whether it ends with a right trim. */
    private boolean action(int open) throws TemplateException {
        int afterSpace = pos;
        while (afterSpace < input.length() && isSpace(input.charAt(afterSpace))) {
            afterSpace++;
        }
        if (input.startsWith("/*", afterSpace) && (afterSpace == pos || input.charAt(open + 2) == '-')) {
            int close = input.indexOf("*/", afterSpace + 2);
            if (close < 0) {
                throw error("unclosed comment");
            }
            pos = close + 2;
            if (input.startsWith(" -}}", pos)) {
                pos += 4;
                return true;
            }
            if (input.startsWith("}}", pos)) {
                pos += 2;
                return false;
            }
            throw error("comment ends before closing delimiter");
        }
        tokens.add(new Token(Kind.LEFT, "{{", open, null));
        int parens = 0;
        while (true) {
            if (pos >= input.length()) {
                throw error("unclosed action");
            }
            char c = input.charAt(pos);
            if (isSpace(c)) {
                int start = pos;
                while (pos < input.length() && isSpace(input.charAt(pos))) {
                    pos++;
                }
                if (input.startsWith("-}}", pos) && parens == 0) {
                    tokens.add(new Token(Kind.RIGHT, "}}", pos, null));
                    pos += 3;
                    return true;
                }
                tokens.add(new Token(Kind.SPACE, input.substring(start, pos), start, null));
                continue;
            }
            if (input.startsWith("}}", pos)) {
                if (parens > 0) {
                    throw error("unclosed left paren");
                }
                tokens.add(new Token(Kind.RIGHT, "}}", pos, null));
                pos += 2;
                return false;
            }
            int start = pos;
            switch (c) {
                case '|' -> add(Kind.PIPE, start, 1);
                case '(' -> {
                    parens++;
                    add(Kind.LEFT_PAREN, start, 1);
                }
                case ')' -> {
                    if (--parens < 0) {
                        throw error("unexpected right paren");
                    }
                    add(Kind.RIGHT_PAREN, start, 1);
                }
                case ',' -> add(Kind.COMMA, start, 1);
                case '=' -> add(Kind.ASSIGN, start, 1);
                case ':' -> {
                    if (!input.startsWith(":=", pos)) {
                        throw error("expected :=");
                    }
                    add(Kind.DECLARE, start, 2);
                }
                case '"' -> quoted('"');
                case '`' -> {
                    int close = input.indexOf('`', pos + 1);
                    if (close < 0) {
                        throw error("unterminated raw quoted string");
                    }
                    String raw = input.substring(pos + 1, close);
                    tokens.add(new Token(Kind.STRING, input.substring(pos, close + 1), start, raw));
                    pos = close + 1;
                }
                case '\'' -> quoted('\'');
                case '$' -> {
                    pos++;
                    while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                        pos++;
                    }
                    fields();
                    tokens.add(new Token(Kind.VARIABLE, input.substring(start, pos), start, null));
                }
                case '.' -> {
                    if (pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1))) {
                        number();
                    } else if (pos + 1 < input.length() && isAlphaNumeric(input.charAt(pos + 1))) {
                        fields();
                        tokens.add(new Token(Kind.FIELD, input.substring(start, pos), start, null));
                    } else {
                        add(Kind.DOT, start, 1);
                    }
                }
                default -> {
                    if (Character.isDigit(c) || ((c == '+' || c == '-') && pos + 1 < input.length()
                            && (Character.isDigit(input.charAt(pos + 1)) || input.charAt(pos + 1) == '.'))) {
                        number();
                    } else if (isAlphaNumeric(c)) {
                        while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                            pos++;
                        }
                        String word = input.substring(start, pos);
                        Kind kind = KEYWORDS.contains(word) ? Kind.KEYWORD
                                : word.equals("true") || word.equals("false") ? Kind.BOOL
                                : word.equals("nil") ? Kind.NIL : Kind.IDENTIFIER;
                        tokens.add(new Token(kind, word, start, word));
                    } else {
                        throw error("unrecognized character in action: " + String.format("U+%04X", (int) c));
                    }
                }
            }
        }
    }

    private void add(Kind kind, int start, int length) {
        pos = start + length;
        tokens.add(new Token(kind, input.substring(start, pos), start, null));
    }

    /** Consumes {@code .name} parts directly following (field chains). */
    private void fields() {
        while (pos < input.length() && input.charAt(pos) == '.' && pos + 1 < input.length()
                && isAlphaNumeric(input.charAt(pos + 1))) {
            pos++;
            while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                pos++;
            }
        }
    }

    private void number() throws TemplateException {
        int start = pos;
        if (input.charAt(pos) == '+' || input.charAt(pos) == '-') {
            pos++;
        }
        while (pos < input.length() && (isAlphaNumeric(input.charAt(pos)) || input.charAt(pos) == '.'
                || ((input.charAt(pos) == '+' || input.charAt(pos) == '-')
                && (input.charAt(pos - 1) == 'e' || input.charAt(pos - 1) == 'E')))) {
            pos++;
        }
        String text = input.substring(start, pos);
        Object value;
        String digits = text.replace("_", "");
        try {
            if (digits.matches("[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|[1-9][0-9]*)")) {
                String body = digits.replaceFirst("^[+]", "");
                boolean neg = body.startsWith("-");
                body = neg ? body.substring(1) : body;
                long v;
                if (body.startsWith("0x") || body.startsWith("0X")) {
                    v = Long.parseLong(body.substring(2), 16);
                } else if (body.length() > 1 && body.startsWith("0")) {
                    v = Long.parseLong(body.replaceFirst("^0[oO]?", "").isEmpty() ? "0" : body.replaceFirst("^0[oO]?", ""), 8);
                } else {
                    v = Long.parseLong(body);
                }
                value = neg ? -v : v;
            } else {
                value = Double.parseDouble(digits);
            }
        } catch (NumberFormatException e) {
            throw error("bad number syntax: \"" + text + "\"");
        }
        tokens.add(new Token(Kind.NUMBER, text, start, value));
    }

    private void quoted(char quote) throws TemplateException {
        int start = pos;
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw error(quote == '"' ? "unterminated quoted string" : "unterminated character constant");
            }
            char c = input.charAt(pos);
            if (c == quote) {
                pos++;
                break;
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= input.length()) {
                throw error("unterminated quoted string");
            }
            char e = input.charAt(pos + 1);
            pos += 2;
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\', '"', '\'' -> sb.append(e);
                case 'x' -> sb.append((char) hex(2));
                case 'u' -> sb.appendCodePoint(hex(4));
                case 'U' -> sb.appendCodePoint(hex(8));
                default -> {
                    if (e >= '0' && e <= '7' && pos + 1 < input.length()) {
                        sb.append((char) Integer.parseInt(input.substring(pos - 1, pos + 2), 8));
                        pos += 2;
                    } else {
                        throw error("invalid syntax in quoted string");
                    }
                }
            }
        }
        String text = input.substring(start, pos);
        if (quote == '\'') {
            String s = sb.toString();
            if (s.codePointCount(0, s.length()) != 1) {
                throw error("malformed character constant: " + text);
            }
            tokens.add(new Token(Kind.CHAR, text, start, (long) s.codePointAt(0)));
        } else {
            tokens.add(new Token(Kind.STRING, text, start, sb.toString()));
        }
    }

    private int hex(int digits) throws TemplateException {
        if (pos + digits > input.length()) {
            throw error("invalid syntax in quoted string");
        }
        try {
            int v = Integer.parseInt(input.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw error("invalid syntax in quoted string");
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isAlphaNumeric(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailing(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }
}
