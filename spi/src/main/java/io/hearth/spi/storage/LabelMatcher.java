package io.hearth.spi.storage;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher of a selector such as {@code {job="api", path=~"/v1/.*"}}, with Prometheus's
 * semantics: a missing label has the value {@code ""}, so {@code {a=""}} matches series without
 * {@code a} and {@code {a!=""}} requires it; regular expressions are fully anchored and {@code .}
 * matches a newline.
 *
 * <p>A value with equality by type, name and value, but a final class rather than a record because
 * it carries the compiled pattern of a regex matcher, compiled once in the constructor. Immutable and
 * safe to share between threads; {@link #matches} may be called concurrently.
 *
 * <h2>Regular expressions</h2>
 * Prometheus uses RE2 syntax; Hearth compiles with {@link java.util.regex.Pattern} as
 * {@code (?s:<value>)} matched with {@link java.util.regex.Matcher#matches()}. Where the two differ:
 * <ul>
 *   <li>constructs RE2 refuses because they need backtracking (back-references {@code \1} and
 *       {@code \k<n>}, look-ahead and look-behind, atomic groups, possessive quantifiers) are
 *       refused here too, with {@link IllegalArgumentException};
 *   <li>RE2's {@code (?P<name>...)} groups are accepted and rewritten to Java's
 *       {@code (?<name>...)}; ASCII classes inside brackets such as {@code [[:alpha:]]} are
 *       rewritten to Java's {@code \p{Alpha}}; a <code>&#123;</code> that does not start a repetition
 *       (<code>a&#123;</code>, <code>&#123;x&#125;</code>, <code>a&#123;,2&#125;</code>) is a literal in RE2 and escaped for Java; inside
 *       brackets {@code [} and {@code &&} are literals in RE2 and escaped for Java (which would read
 *       a nested class and an intersection);
 *   <li>the flag {@code U} means "ungreedy" in RE2 but "Unicode classes" in Java, so it is refused;
 *   <li>remaining differences are left as Java behaves: Java accepts a few escapes RE2 refuses
 *       ({@code \h}, {@code \R}, {@code \X}, {@code \Z}), treats {@code \v} as any vertical
 *       whitespace (RE2: the vertical tab only), and Java's {@code \b}, {@code \w}, {@code \d},
 *       {@code \s} are ASCII-only like RE2's.
 * </ul>
 */
public final class LabelMatcher {

    /** The four matcher operators. */
    public enum Type {
        /** {@code =} */
        EQUAL("="),
        /** {@code !=} */
        NOT_EQUAL("!="),
        /** {@code =~} */
        REGEX("=~"),
        /** {@code !~} */
        NOT_REGEX("!~");

        private final String operator;

        Type(String operator) {
            this.operator = operator;
        }

        /** The operator as written in PromQL. */
        public String operator() {
            return operator;
        }
    }

    private static final Pattern REPEAT = Pattern.compile("\\{\\d+(,\\d*)?}");

    private final Type type;
    private final String name;
    private final String value;
    private final Pattern pattern; // null unless a regex type

    /**
     * Builds a matcher, compiling the pattern of a regex matcher.
     *
     * @throws IllegalArgumentException if a field is null, the name empty, or the regex invalid
     *     or using a construct RE2 does not have
     */
    public LabelMatcher(Type type, String name, String value) {
        if (type == null || name == null || name.isEmpty() || value == null) {
            throw new IllegalArgumentException("a label matcher needs a type, a non-empty name and a value");
        }
        this.type = type;
        this.name = name;
        this.value = value;
        if (type == Type.REGEX || type == Type.NOT_REGEX) {
            try {
                this.pattern = Pattern.compile("(?s:" + translateRe2(value) + ")");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression " + value + ": " + e.getDescription(), e);
            }
        } else {
            this.pattern = null;
        }
    }

    /** {@code name="value"}. */
    public static LabelMatcher equal(String name, String value) {
        return new LabelMatcher(Type.EQUAL, name, value);
    }

    /** {@code name!="value"}. */
    public static LabelMatcher notEqual(String name, String value) {
        return new LabelMatcher(Type.NOT_EQUAL, name, value);
    }

    /** {@code name=~"regex"}. */
    public static LabelMatcher regex(String name, String regex) {
        return new LabelMatcher(Type.REGEX, name, regex);
    }

    /** {@code name!~"regex"}. */
    public static LabelMatcher notRegex(String name, String regex) {
        return new LabelMatcher(Type.NOT_REGEX, name, regex);
    }

    public Type type() {
        return type;
    }

    public String name() {
        return name;
    }

    /** The literal value, or the regex as written (without anchors). */
    public String value() {
        return value;
    }

    /** Whether this is {@code =~} or {@code !~}. */
    public boolean isRegex() {
        return pattern != null;
    }

    /** Whether a {@code =} or {@code =~} matcher, the kinds that select rather than exclude. */
    public boolean isPositive() {
        return type == Type.EQUAL || type == Type.REGEX;
    }

    /**
     * Whether a label value satisfies the matcher; pass {@code ""} for a missing label.
     * Thread-safe; allocates a {@link java.util.regex.Matcher} for regex types.
     */
    public boolean matches(String labelValue) {
        return switch (type) {
            case EQUAL -> value.equals(labelValue);
            case NOT_EQUAL -> !value.equals(labelValue);
            case REGEX -> pattern.matcher(labelValue).matches();
            case NOT_REGEX -> !pattern.matcher(labelValue).matches();
        };
    }

    /** Whether the matcher accepts the series's value of its label ({@code ""} when absent). */
    public boolean matches(Labels labels) {
        return matches(labels.get(name));
    }

    /** Whether a series without this label is accepted: {@code matches("")}. */
    public boolean matchesEmpty() {
        return matches("");
    }

    /**
     * Whether the regex's value is a plain string with no metacharacters, so a regex matcher is
     * an equality in disguise; storage engines use this for a cheaper index lookup.
     */
    public boolean regexIsLiteral() {
        if (pattern == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if ("\\.+*?()|[]{}^$".indexOf(value.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, value);
    }

    /** PromQL form, {@code name=~"value"}, with the value quoted and escaped. */
    @Override
    public String toString() {
        return name + type.operator + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Rewrites RE2-only spellings into Java's and refuses what only Java accepts; see the class doc. */
    static String translateRe2(String re) {
        StringBuilder out = new StringBuilder(re.length() + 8);
        int depth = 0; // bracket nesting: 0 outside a character class
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= re.length()) {
                    throw new IllegalArgumentException("invalid regular expression " + re + ": trailing backslash");
                }
                char e = re.charAt(i + 1);
                if (depth == 0 && ((e >= '1' && e <= '9') || e == 'k')) {
                    throw new IllegalArgumentException("invalid regular expression " + re
                            + ": back-references are not supported (RE2 syntax)");
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
                            throw new IllegalArgumentException("invalid regular expression " + re
                                    + ": unknown character class [:" + cls + ":]");
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
                    throw new IllegalArgumentException("invalid regular expression " + re
                            + ": look-around and atomic groups are not supported (RE2 syntax)");
                }
                int j = i + 2;
                while (j < re.length() && re.charAt(j) != ')' && re.charAt(j) != ':') {
                    char f = re.charAt(j);
                    if ("imsU-".indexOf(f) < 0) {
                        throw new IllegalArgumentException("invalid regular expression " + re + ": unknown flag " + f);
                    }
                    if (f == 'U') {
                        throw new IllegalArgumentException("invalid regular expression " + re
                                + ": the ungreedy flag U is not supported");
                    }
                    j++;
                }
            }
            if (c == '{' && !REPEAT.matcher(re).region(i, re.length()).lookingAt()) {
                out.append("\\{"); // not a repetition: a literal brace in RE2, an error in Java
                continue;
            }
            if (c == '+' && i > 0 && "*+?}".indexOf(re.charAt(i - 1)) >= 0 && !escapedAt(re, i - 1)) {
                throw new IllegalArgumentException("invalid regular expression " + re
                        + ": possessive quantifiers are not supported (RE2 syntax)");
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
}
