package io.hearth.auth.sigv4.policy;

/** What a matching statement does. */
public enum Effect {
    ALLOW,
    DENY
}
