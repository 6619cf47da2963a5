package io.hearth.auth.sigv4.arn;

/**
 * The ARNs of Amazon Managed Service for Prometheus resources, as Hearth names them in policies:
 *
 * <ul>
 *   <li>{@code arn:aws:aps:<region>:<account>:workspace/<workspace-id>}
 *   <li>{@code arn:aws:aps:<region>:<account>:rulegroupsnamespace/<workspace-id>/<namespace-name>}
 *   <li>{@code arn:aws:aps:<region>:<account>:scraper/<scraper-id>}
 * </ul>
 *
 * The partition is always {@code aws}.
 */
public final class ApsArns {

    /** The partition Hearth writes into every ARN. */
    public static final String PARTITION = "aws";
    /** The service segment of AMP ARNs (and the SigV4 service name). */
    public static final String SERVICE = "aps";

    private ApsArns() {}

    /** @return the ARN of a workspace */
    public static Arn workspace(String region, String account, String workspaceId) {
        return new Arn(PARTITION, SERVICE, region, account, "workspace/" + requireId(workspaceId, "workspace id"));
    }

    /** @return the ARN of a rule groups namespace of a workspace */
    public static Arn ruleGroupsNamespace(String region, String account, String workspaceId, String namespaceName) {
        return new Arn(PARTITION, SERVICE, region, account, "rulegroupsnamespace/" + requireId(workspaceId,
                "workspace id") + '/' + requireId(namespaceName, "rule groups namespace name"));
    }

    /** @return the ARN of a scraper */
    public static Arn scraper(String region, String account, String scraperId) {
        return new Arn(PARTITION, SERVICE, region, account, "scraper/" + requireId(scraperId, "scraper id"));
    }

    /**
     * @param arn an AMP ARN
     * @return the workspace id it belongs to: that of a workspace or of a rule groups namespace
     * @throws IllegalArgumentException for other ARNs
     */
    public static String workspaceIdOf(Arn arn) {
        if (arn.service().equals(SERVICE)) {
            String[] parts = arn.resource().split("/", -1);
            if (parts[0].equals("workspace") && parts.length == 2) {
                return parts[1];
            }
            if (parts[0].equals("rulegroupsnamespace") && parts.length == 3) {
                return parts[1];
            }
        }
        throw new IllegalArgumentException("not the ARN of a workspace or rule groups namespace: " + arn);
    }

    private static String requireId(String id, String what) {
        if (id == null || id.isEmpty() || id.indexOf('/') >= 0 || id.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a " + what + " must be non-empty and contain neither '/' nor ':': '"
                    + id + "'");
        }
        return id;
    }
}
