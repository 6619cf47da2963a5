package io.hearth.spi.storage;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * RE2 regular expressions, the syntax of Prometheus (Go's {@code regexp}), on
 * {@link java.util.regex.Pattern}: the one place Hearth translates them, used by
 * {@link LabelMatcher}, the PromQL engine and rule templates. Stateless and thread-safe.
 *
 * <p>Where RE2 and Java's syntax differ:
 * <ul>
 *   <li>constructs RE2 refuses because they need backtracking (back-references {@code \1} and
 *       {@code \k<n>}, look-ahead and look-behind, atomic groups, possessive quantifiers) are
 *       refused here too, with a {@link PatternSyntaxException};
 *   <li>RE2's {@code (?P<name>...)} groups are accepted and rewritten to Java's
 *       {@code (?<name>...)}; ASCII classes inside brackets such as {@code [[:alpha:]]} are
 *       rewritten to Java's {@code \p{Alpha}}; a <code>&#123;</code> that does not start a repetition
 *       (<code>a&#123;</code>, <code>&#123;x&#125;</code>, <code>a&#123;,2&#125;</code>) is a literal in RE2 and escaped for Java; inside
 *       brackets {@code [} and {@code &&} are literals in RE2 and escaped for Java (which would read
 *       a nested class and an intersection);
 *   <li>the flag {@code U} means "ungreedy" in RE2 but "Unicode classes" in Java, so it is refused;
 *   <li>refusals are described in Go's words ({@code invalid or unsupported Perl syntax: `(?=`});
 *   <li>remaining differences are left as Java behaves: Java accepts a few escapes RE2 refuses
 *       ({@code \h}, {@code \R}, {@code \X}, {@code \Z}), treats {@code \v} as any vertical
 *       whitespace (RE2: the vertical tab only), and Java's {@code \b}, {@code \w}, {@code \d},
 *       {@code \s} are ASCII-only like RE2's; Java's {@code $} without {@code (?m)} also matches
 *       before a final newline (RE2's only at the end of the text).
 * </ul>
 */
public final class Re2Pattern {

    private static final Pattern REPEAT = Pattern.compile("\\{\\d+(,\\d*)?}");

    private Re2Pattern() {
    }

    /**
     * Compiles an RE2 expression as Go's {@code regexp.Compile} does: unanchored (use
     * {@link java.util.regex.Matcher#find()} for Go's {@code MatchString}), {@code .} not matching
     * a newline unless the expression sets {@code (?s)}.
     *
     * @throws PatternSyntaxException if the expression is invalid or uses a construct RE2 does not have
     */
    public static Pattern compile(String re2) {
        return Pattern.compile(toJava(re2), Pattern.UNIX_LINES); // only \n ends a line, as in RE2
    }

    /**
     * The Java spelling of an RE2 expression: RE2-only spellings rewritten, what only Java accepts
     * refused (see the class doc). Callers add their own anchors and flags.
     *
     * @throws PatternSyntaxException if RE2 would refuse the expression for a construct Java has
     */
    public static String toJava(String re) {
        StringBuilder out = new StringBuilder(re.length() + 8);
        int depth = 0; // bracket nesting: 0 outside a character class
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= re.length()) {
                    throw refused(re, "trailing backslash at end of expression: ``");
                }
                char e = re.charAt(i + 1);
                if (depth == 0 && ((e >= '1' && e <= '9') || e == 'k')) {
                    throw refused(re, "invalid escape sequence: `\\" + e + "`"); // back-references
                }
                out.append(c).append(e);
                i++;
                continue;
            }
            if (depth > 0) {
                if (c == '[' && re.startsWith("[:", i)) {
                    int end = re.indexOf(":]", i + 2);
                    if (end > 0) {
                        String cls = re.substring(i + 2, end);
                        boolean negated = cls.startsWith("^");
                        String bare = negated ? cls.substring(1) : cls;
                        if (bare.equals("word")) {
                            out.append(negated ? "\\W" : "\\w");
                            i = end + 1;
                            continue;
                        }
                        String javaName = posixClass(bare);
                        if (javaName == null) {
                            throw refused(re, "invalid character class range: `[:" + cls + ":]`");
                        }
                        out.append(negated ? "\\P{" : "\\p{").append(javaName).append('}');
                        i = end + 1;
                        continue;
                    }
                }
                if (c == '[') {
                    out.append("\\["); // a literal [ inside a class in RE2; Java would nest
                    continue;
                }
                if (c == '&' && re.startsWith("&&", i)) {
                    out.append("&\\&"); // Java's class intersection; literal in RE2
                    i++;
                    continue;
                }
                if (c == ']') {
                    depth = 0;
                }
                out.append(c);
                continue;
            }
            if (c == '[') {
                depth = 1;
                out.append(c);
                // a ] right after [ or [^ is literal in both syntaxes
                if (re.startsWith("^", i + 1)) {
                    out.append('^');
                    i++;
                }
                if (re.startsWith("]", i + 1)) {
                    out.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == '(' && re.startsWith("(?", i)) {
                if (re.startsWith("(?P<", i)) {
                    out.append("(?<");
                    i += 3;
                    continue;
                }
                if (re.startsWith("(?<", i) && i + 3 < re.length() && Character.isLetter(re.charAt(i + 3))) {
                    out.append("(?<"); // a named group, which Go's syntax also accepts
                    i += 2;
                    continue;
                }
                if (re.startsWith("(?=", i) || re.startsWith("(?!", i) || re.startsWith("(?<=", i)
                        || re.startsWith("(?<!", i) || re.startsWith("(?>", i)) {
                    // look-around and atomic groups
                    throw refused(re, "invalid or unsupported Perl syntax: `" + re.substring(i, i + 3) + "`");
                }
                int j = i + 2;
                while (j < re.length() && re.charAt(j) != ')' && re.charAt(j) != ':') {
                    char f = re.charAt(j);
                    if ("imsU-".indexOf(f) < 0) {
                        throw refused(re, "invalid or unsupported Perl syntax: `" + re.substring(i, j + 1) + "`");
                    }
                    if (f == 'U') {
                        throw refused(re, "the ungreedy flag U is not supported here");
                    }
                    j++;
                }
            }
            if (c == '{' && !REPEAT.matcher(re).region(i, re.length()).lookingAt()) {
                out.append("\\{"); // not a repetition: a literal brace in RE2, an error in Java
                continue;
            }
            if (c == '+' && i > 0 && "*+?}".indexOf(re.charAt(i - 1)) >= 0 && !escapedAt(re, i - 1)) {
                // a possessive quantifier
                throw refused(re, "invalid nested repetition operator: `" + re.substring(i - 1, i + 1) + "`");
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean escapedAt(String re, int i) {
        int backslashes = 0;
        for (int k = i - 1; k >= 0 && re.charAt(k) == '\\'; k--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String posixClass(String name) {
        return switch (name) {
            case "alnum" -> "Alnum";
            case "alpha" -> "Alpha";
            case "ascii" -> "ASCII";
            case "blank" -> "Blank";
            case "cntrl" -> "Cntrl";
            case "digit" -> "Digit";
            case "graph" -> "Graph";
            case "lower" -> "Lower";
            case "print" -> "Print";
            case "punct" -> "Punct";
            case "space" -> "Space";
            case "upper" -> "Upper";
            case "xdigit" -> "XDigit";
            default -> null;
        };
    }

    private static PatternSyntaxException refused(String re, String description) {
        return new PatternSyntaxException(description, re, -1);
    }
}
