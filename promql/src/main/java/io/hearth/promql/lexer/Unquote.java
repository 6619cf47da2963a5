package io.hearth.promql.lexer;

/**
 * Turns a string token (with its quotes) into its value, with Go escape rules: {@code \a \b \f \n
 * \r \t \v \\}, the enclosing quote, octal {@code \NNN}, {@code \xNN}, backslash-u with four hex digits, and
 * {@code \UNNNNNNNN}. Back-quoted strings are raw.
 *
 * <p>Octal and {@code \x} escapes denote bytes. Bytes that do not form valid UTF-8 are kept as the
 * lone surrogates U+DC80..U+DCFF (one per byte), so a value such as {@code "a\xc5z"} survives and
 * prints back the same way.
 */
public final class Unquote {
    private Unquote() {}

    /** Thrown for a string that is not a well-formed literal. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        public SyntaxException() {
            super("invalid syntax");
        }
    }

    public static String unquote(String s) throws SyntaxException {
        int n = s.length();
        if (n < 2) {
            throw new SyntaxException();
        }
        char quote = s.charAt(0);
        if (quote != s.charAt(n - 1)) {
            throw new SyntaxException();
        }
        String body = s.substring(1, n - 1);
        if (quote == '`') {
            if (body.indexOf('`') >= 0) {
                throw new SyntaxException();
            }
            return body;
        }
        if (quote != '"' && quote != '\'') {
            throw new SyntaxException();
        }
        if (body.indexOf('\n') >= 0) {
            throw new SyntaxException();
        }
        if (body.indexOf('\\') < 0 && body.indexOf(quote) < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        byte[] pending = new byte[body.length()];
        int pendingLen = 0;
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == quote) {
                throw new SyntaxException();
            }
            if (c != '\\') {
                pendingLen = flush(out, pending, pendingLen);
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= body.length()) {
                throw new SyntaxException();
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = digits(body, i - 1, 3, 8);
                    if (v > 255) {
                        throw new SyntaxException();
                    }
                    i += 2;
                    pending[pendingLen++] = (byte) v;
                }
                case 'x' -> {
                    int v = digits(body, i, 2, 16);
                    i += 2;
                    pending[pendingLen++] = (byte) v;
                }
                case 'u', 'U' -> {
                    int len = e == 'u' ? 4 : 8;
                    int v = digits(body, i, len, 16);
                    i += len;
                    if (v < 0 || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v < 0xE000)) {
                        throw new SyntaxException();
                    }
                    pendingLen = flush(out, pending, pendingLen);
                    out.appendCodePoint(v);
                }
                default -> {
                    char simple = switch (e) {
                        case 'a' -> '\u0007';
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        case 'v' -> '\u000b';
                        case '\\' -> '\\';
                        case '\'', '"' -> {
                            if (e != quote) {
                                throw new SyntaxException();
                            }
                            yield e;
                        }
                        default -> throw new SyntaxException();
                    };
                    pendingLen = flush(out, pending, pendingLen);
                    out.append(simple);
                }
            }
        }
        flush(out, pending, pendingLen);
        return out.toString();
    }

    private static int digits(String s, int from, int n, int base) throws SyntaxException {
        if (from + n > s.length()) {
            throw new SyntaxException();
        }
        long v = 0;
        for (int k = 0; k < n; k++) {
            int d = Character.digit(s.charAt(from + k), base);
            if (d < 0) {
                throw new SyntaxException();
            }
            v = v * base + d;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    /** Decodes pending raw bytes as UTF-8, mapping each byte of an invalid sequence to U+DC00+byte. */
    private static int flush(StringBuilder out, byte[] b, int len) {
        int i = 0;
        while (i < len) {
            int b0 = b[i] & 0xff;
            if (b0 < 0x80) {
                out.append((char) b0);
                i++;
                continue;
            }
            int need;
            int cp;
            int min;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                need = 1;
                cp = b0 & 0x1F;
                min = 0x80;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                need = 2;
                cp = b0 & 0x0F;
                min = 0x800;
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                need = 3;
                cp = b0 & 0x07;
                min = 0x10000;
            } else {
                out.append((char) (0xDC00 + b0));
                i++;
                continue;
            }
            boolean ok = i + need < len;
            if (ok) {
                for (int k = 1; k <= need; k++) {
                    int bk = b[i + k] & 0xff;
                    if ((bk & 0xC0) != 0x80) {
                        ok = false;
                        break;
                    }
                    cp = (cp << 6) | (bk & 0x3F);
                }
            }
            if (ok && cp >= min && cp <= Character.MAX_CODE_POINT && !(cp >= 0xD800 && cp < 0xE000)) {
                out.appendCodePoint(cp);
                i += need + 1;
            } else {
                out.append((char) (0xDC00 + b0));
                i++;
            }
        }
        return 0;
    }
}
