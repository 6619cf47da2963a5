package io.hearth.auth.sigv4.signature;

import io.hearth.auth.sigv4.credentials.Credential;

/**
 * A request whose SigV4 signature checked out.
 *
 * @param credential the credential that signed it
 * @param signature what the request said about its signature
 */
public record VerifiedRequest(Credential credential, SignatureParameters signature) {}
