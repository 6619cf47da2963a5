package io.hearth.kernel.rules;

/** Rule settings AMP fixes where a rule file leaves them out. */
final class RuleDefaults {

    /** A group without {@code interval} is evaluated every minute, as AMP documents. */
    static final long INTERVAL_MILLIS = 60_000;

    private RuleDefaults() {
    }
}
