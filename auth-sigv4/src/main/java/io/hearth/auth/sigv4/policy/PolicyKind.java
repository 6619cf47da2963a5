package io.hearth.auth.sigv4.policy;

/** Where a policy is attached; it decides whether statements name a principal. */
public enum PolicyKind {
    /** Attached to a user or role; statements must not have a {@code Principal}. */
    IDENTITY,
    /** Attached to a resource such as a workspace; statements must have a {@code Principal}. */
    RESOURCE
}
