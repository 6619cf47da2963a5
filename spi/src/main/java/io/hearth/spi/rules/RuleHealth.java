package io.hearth.spi.rules;

/** The health of a rule after its last evaluation, as {@code /api/v1/rules} writes it in lower case. */
public enum RuleHealth {
    /** Not evaluated yet. */
    UNKNOWN,
    /** The last evaluation succeeded. */
    OK,
    /** The last evaluation failed; see the rule's last error. */
    ERR
}
