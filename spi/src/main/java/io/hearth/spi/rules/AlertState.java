package io.hearth.spi.rules;

/** The states of an alert, named as {@code /api/v1/alerts} writes them in lower case. */
public enum AlertState {
    /** No alert: the expression returns nothing for it. */
    INACTIVE,
    /** Active for less than the rule's {@code for} duration. */
    PENDING,
    /** Active for at least {@code for}, or kept firing by {@code keep_firing_for}. */
    FIRING
}
