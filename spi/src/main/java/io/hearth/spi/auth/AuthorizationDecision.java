package io.hearth.spi.auth;

/**
 * The answer to an {@link AuthorizationQuery}.
 *
 * @param allowed whether the action may proceed
 * @param message for a denial, the text returned to the caller (as AWS words it)
 */
public record AuthorizationDecision(boolean allowed, String message) {
}
