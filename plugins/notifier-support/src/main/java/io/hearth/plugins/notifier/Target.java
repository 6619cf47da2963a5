package io.hearth.plugins.notifier;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * One place alerts are posted to: the endpoint without credentials, and the {@code Authorization}
 * header built from the {@code user:password@} part of the URL it was given, if any.
 *
 * @param endpoint the URL the POST goes to, with no user information; safe to log
 * @param authorization the {@code Authorization} header value, or {@code null}
 */
public record Target(URI endpoint, String authorization) {

    /**
     * Reads a URL as the operator wrote it.
     *
     * @param url an {@code http} or {@code https} URL with a host, optionally {@code user:password@}
     * @param pathSuffix appended to the URL's path (after dropping a trailing {@code /}), e.g.
     *     {@code /api/v2/alerts}; empty to post to the URL itself
     * @return the target
     * @throws IllegalArgumentException if the URL is not an absolute http(s) URL with a host
     */
    public static Target of(URI url, String pathSuffix) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host: " + withoutUserInfo(url));
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (path.endsWith("/") && !pathSuffix.isEmpty()) {
            path = path.substring(0, path.length() - 1);
        }
        URI endpoint;
        try {
            endpoint = new URI(scheme + "://" + hostPort(url) + path + pathSuffix
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + withoutUserInfo(url), e);
        }
        String userInfo = url.getUserInfo();
        String authorization = userInfo == null || userInfo.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        return new Target(endpoint, authorization);
    }

    /**
     * Reads a URL written as text.
     *
     * @see #of(URI, String)
     */
    public static Target of(String url, String pathSuffix) {
        try {
            return of(new URI(url.strip()), pathSuffix);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: '" + url.strip().replaceAll("//[^/@]*@", "//") + "'", e);
        }
    }

    private static String hostPort(URI url) {
        String host = url.getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return url.getPort() < 0 ? host : host + ":" + url.getPort();
    }

    private static String withoutUserInfo(URI url) {
        return url.getRawUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo() + "@", "");
    }

    /** The endpoint, never the credentials. */
    @Override
    public String toString() {
        return endpoint.toString();
    }
}
