package io.hearth.plugins.rules.template;

import java.util.regex.Pattern;

/** Go's {@code net.SplitHostPort}, {@code net.JoinHostPort} and {@code net.ParseIP}, for {@code stripPort} and {@code stripDomain}. */
final class HostPort {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");

    private HostPort() {
    }

    /** @return {host, port}, or null where Go returns an error (no port, too many colons) */
    static String[] split(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String host;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 != colon) {
                return null;
            }
            host = hostPort.substring(1, close);
        } else {
            host = hostPort.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                return null;
            }
        }
        if (hostPort.indexOf('[', 1) >= 0 || hostPort.indexOf(']', hostPort.indexOf(']') + 1) >= 0) {
            return null;
        }
        return new String[] {host, hostPort.substring(colon + 1)};
    }

    static String join(String host, String port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    static boolean isIp(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (s.indexOf(':') < 0) {
            return false;
        }
        String body = s;
        int groupsAllowed = 8;
        int lastColon = body.lastIndexOf(':');
        String tail = body.substring(lastColon + 1);
        if (tail.indexOf('.') >= 0) {
            if (!IPV4.matcher(tail).matches()) {
                return false;
            }
            body = body.substring(0, lastColon + 1) + "0:0";
        }
        int gap = body.indexOf("::");
        if (gap >= 0 && body.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String[] halves = gap >= 0 ? new String[] {body.substring(0, gap), body.substring(gap + 2)} : new String[] {body};
        int groups = 0;
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String g : half.split(":", -1)) {
                if (!HEX_GROUP.matcher(g).matches()) {
                    return false;
                }
                groups++;
            }
        }
        return gap >= 0 ? groups < groupsAllowed : groups == groupsAllowed;
    }
}
