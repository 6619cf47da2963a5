package io.hearth.promql.lexer;

import io.hearth.promql.ast.Printer;
import java.util.Locale;

/** Go-style quoting used in lexer and parser messages ({@code %q} of strings and runes). */
final class GoQuote {
    private GoQuote() {}

    static String quote(String s) {
        return Printer.quote(s);
    }

    /** Go's {@code %.10q...} for values longer than 10 bytes, else {@code %q}. */
    static String truncatedQuote(String s) {
        if (s.length() > 10) {
            int end = s.offsetByCodePoints(0, Math.min(10, s.codePointCount(0, s.length())));
            return Printer.quote(s.substring(0, end)) + "...";
        }
        return Printer.quote(s);
    }

    /** Go's {@code %q} of a rune: {@code 'x'}. */
    static String quoteRune(int r) {
        if (r < 0) {
            return "'\uFFFD'";
        }
        return switch (r) {
            case '\'' -> "'\\''";
            case '"' -> "'\"'";
            default -> {
                String q = Printer.quote(new String(Character.toChars(r)));
                yield "'" + q.substring(1, q.length() - 1) + "'";
            }
        };
    }

    /** Go's {@code %#U} of a rune: {@code U+0078 'x'}. */
    static String unicodeRune(int r) {
        String hex = String.format(Locale.ROOT, "U+%04X", r < 0 ? 0xFFFD : r);
        if (r >= 0x20 && r != 0x7f && !Character.isISOControl(r)) {
            return hex + " '" + new String(Character.toChars(r)) + "'";
        }
        return hex;
    }
}
