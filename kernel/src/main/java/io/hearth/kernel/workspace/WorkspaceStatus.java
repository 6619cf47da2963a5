package io.hearth.kernel.workspace;

/** The AMP workspace status codes. */
public enum WorkspaceStatus {
    CREATING, ACTIVE, UPDATING, DELETING, CREATION_FAILED
}
