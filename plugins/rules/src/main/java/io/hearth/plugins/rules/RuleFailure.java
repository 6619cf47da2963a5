package io.hearth.plugins.rules;

/** A rule evaluation that failed, with the message {@code /api/v1/rules} shows as its last error. */
final class RuleFailure extends Exception {

    private static final long serialVersionUID = 1L;

    RuleFailure(String message) {
        super(message, null, false, false);
    }
}
