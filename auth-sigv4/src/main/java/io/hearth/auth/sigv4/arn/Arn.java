package io.hearth.auth.sigv4.arn;

import java.util.Objects;

/**
 * An Amazon Resource Name: {@code arn:partition:service:region:account:resource}. The resource part
 * may itself contain colons and slashes; region and account may be empty (IAM ARNs have no region).
 *
 * @param partition e.g. {@code aws}
 * @param service e.g. {@code aps}, {@code iam}, {@code sts}
 * @param region e.g. {@code us-east-1}, or empty
 * @param account the twelve-digit account id, or empty
 * @param resource e.g. {@code workspace/ws-1234}
 */
public record Arn(String partition, String service, String region, String account, String resource) {

    public Arn {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        requireSegment(partition, "partition");
        requireSegment(service, "service");
        if (region.indexOf(':') >= 0 || account.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an ARN's region and account cannot contain ':'");
        }
        if (resource == null || resource.isEmpty()) {
            throw new IllegalArgumentException("an ARN needs a resource");
        }
    }

    /**
     * @param text an ARN
     * @return the parsed ARN
     * @throws IllegalArgumentException when the text is not of the form {@code arn:p:s:r:a:resource}
     */
    public static Arn parse(String text) {
        if (text == null || !text.startsWith("arn:")) {
            throw new IllegalArgumentException("an ARN starts with 'arn:': '" + text + "'");
        }
        String[] parts = text.split(":", 6);
        if (parts.length != 6) {
            throw new IllegalArgumentException(
                    "an ARN has six ':'-separated parts, arn:partition:service:region:account:resource: '" + text + "'");
        }
        return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ':' + service + ':' + region + ':' + account + ':' + resource;
    }

    private static void requireSegment(String value, String name) {
        if (value == null || value.isEmpty() || value.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an ARN's " + name + " must be non-empty and without ':'");
        }
    }
}
