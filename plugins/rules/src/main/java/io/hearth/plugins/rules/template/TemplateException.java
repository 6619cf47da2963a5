package io.hearth.plugins.rules.template;

/**
 * A template that does not parse or fails while executing, with Go's message, e.g.
 * {@code template: x:1:3: executing "x" at <humanize "one">: error calling humanize: ...}.
 */
public final class TemplateException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Whether the template failed to parse (else it failed executing). */
    private final boolean parse;

    TemplateException(String message, boolean parse) {
        super(message);
        this.parse = parse;
    }

    /** @return true for a parse error, false for an execution error */
    public boolean isParseError() {
        return parse;
    }

    /**
     * A failure inside a function or method, without position; the executor adds the template
     * name, position and context around its message.
     */
    public static final class Failure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** @param message the bare message, e.g. {@code first() called on vector with no elements} */
        public Failure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Arguments a function cannot take (count or type): Go reports these without the
     * {@code error calling} prefix it gives to errors the function itself returns.
     */
    public static final class BadArguments extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** @param message Go's message, e.g. {@code wrong number of args for humanize: want 1 got 2} */
        public BadArguments(String message) {
            super(message, null, false, false);
        }
    }
}
