package io.hearth.kernel.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The action a resource method performs and the resource it acts on, as IAM policies name them.
 * Every resource method carries one (or {@link Public}); the authorization filter refuses a
 * method that has neither, so a new endpoint cannot be left open by omission.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Authorize {

    /** @return the action, e.g. {@code aps:DescribeWorkspace} */
    String action();

    /** @return how to find the resource ARN */
    Scope resource();

    /**
     * @return whether this is a Prometheus-facing (data-plane) endpoint, whose denials are written
     *     as Prometheus API errors rather than AMP's error shape
     */
    boolean dataPlane() default false;

    /** Where a request's resource ARN comes from. */
    enum Scope {
        /** Any workspace of this account: {@code arn:aws:aps:<region>:<account>:workspace/*}. */
        ANY_WORKSPACE,
        /** The workspace named by the {@code workspaceId} path parameter. */
        WORKSPACE,
        /** The ARN in the {@code resourceArn} path parameter. */
        RESOURCE_ARN,
        /** The rule groups namespace named by the {@code workspaceId} and {@code name} path parameters. */
        RULE_GROUPS_NAMESPACE,
        /** The user named by the {@code userName} path parameter. */
        USER,
        /** The caller itself: {@code arn:aws:iam::<account>:user/<caller>}. */
        CALLER,
        /** The server: {@code arn:hearth:server:<region>:<account>:server}. */
        SERVER
    }

    /** Marks a method that anyone may call: health and readiness only. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Public {
    }
}
