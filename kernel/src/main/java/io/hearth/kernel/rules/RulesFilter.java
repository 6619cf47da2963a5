package io.hearth.kernel.rules;

import io.hearth.kernel.query.PrometheusApiException;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleGroupState;
import io.hearth.spi.rules.RuleState;
import io.hearth.spi.storage.LabelMatcher;
import io.hearth.spi.storage.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parameters of {@code /api/v1/rules}, applied as Prometheus applies them: {@code type}
 * ({@code alert} or {@code record}), {@code rule_name[]}, {@code rule_group[]}, {@code file[]}
 * (namespace names), {@code match[]} on the rules' labels, {@code exclude_alerts}, and pages of
 * {@code group_limit} groups continued with {@code group_next_token}. Groups come sorted by file,
 * then name; a group left without rules is not shown.
 *
 * @param alerts whether alerting rules are shown
 * @param recordings whether recording rules are shown
 * @param ruleNames the rule names to keep, empty for all
 * @param groupNames the group names to keep, empty for all
 * @param files the namespaces to keep, empty for all
 * @param matcherSets rules whose labels match any of these sets are kept; empty for all
 * @param excludeAlerts whether alerting rules are shown without their alerts
 * @param groupLimit the page size, -1 for no paging
 * @param nextToken where the page starts, or empty
 */
record RulesFilter(boolean alerts, boolean recordings, Set<String> ruleNames, Set<String> groupNames, Set<String> files,
        List<List<LabelMatcher>> matcherSets, boolean excludeAlerts, long groupLimit, String nextToken) {

    /** Reads the parameters, refusing bad ones with Prometheus's errors. */
    static RulesFilter of(String type, List<String> ruleNames, List<String> groupNames, List<String> files,
            List<List<LabelMatcher>> matcherSets, String excludeAlerts, String groupLimit, String nextToken) {
        String kind = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (!kind.isEmpty() && !kind.equals("alert") && !kind.equals("record")) {
            throw PrometheusApiException.invalidParameter("type", "not supported value \"" + kind + "\"");
        }
        boolean exclude = parseBool(excludeAlerts == null ? "" : excludeAlerts.toLowerCase(Locale.ROOT));
        String token = nextToken == null ? "" : nextToken;
        if (!token.isEmpty() && (groupLimit == null || groupLimit.isEmpty())) {
            throw PrometheusApiException.invalidParameter("group_next_token",
                    "group_limit needs to be present in order to paginate over the groups");
        }
        long limit = -1;
        if (groupLimit != null && !groupLimit.isEmpty()) {
            try {
                limit = Integer.parseInt(groupLimit);
            } catch (NumberFormatException e) {
                throw PrometheusApiException.invalidParameter("group_limit", "group_limit needs to be a valid number: "
                        + "strconv.ParseInt: parsing \"" + groupLimit + "\": invalid syntax");
            }
            if (limit <= 0) {
                throw PrometheusApiException.invalidParameter("group_limit", "group_limit needs to be greater than 0");
            }
        }
        return new RulesFilter(kind.isEmpty() || kind.equals("alert"), kind.isEmpty() || kind.equals("record"),
                Set.copyOf(ruleNames), Set.copyOf(groupNames), Set.copyOf(files), List.copyOf(matcherSets), exclude,
                limit, token);
    }

    /** The groups of one answer and the token of the next page, if any. */
    record Page(List<RuleGroupState> groups, String nextToken) {
    }

    /** @return the groups and rules to show, in Prometheus's order */
    Page apply(List<RuleGroupState> all) {
        List<RuleGroupState> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing((RuleGroupState s) -> s.group().namespace()).thenComparing(s -> s.group().name()));
        List<RuleGroupState> kept = new ArrayList<>();
        boolean foundToken = false;
        String next = null;
        for (RuleGroupState group : sorted) {
            if (groupLimit > 0 && !nextToken.isEmpty() && !foundToken) {
                if (!nextToken.equals(token(group))) {
                    continue;
                }
                foundToken = true;
            }
            if (!groupNames.isEmpty() && !groupNames.contains(group.group().name())) {
                continue;
            }
            if (!files.isEmpty() && !files.contains(group.group().namespace())) {
                continue;
            }
            List<RuleState> rules = new ArrayList<>(group.rules().size());
            for (RuleState rule : group.rules()) {
                if (!ruleNames.isEmpty() && !ruleNames.contains(rule.rule().name())) {
                    continue;
                }
                if (!matcherSets.isEmpty() && !matchesAny(RulesApiJson.merged(group.group().labels(), rule.rule().labels()))) {
                    continue;
                }
                if (rule.rule() instanceof Rule.Alerting ? alerts : recordings) {
                    rules.add(rule);
                }
            }
            if (rules.isEmpty()) {
                continue;
            }
            if (groupLimit > 0 && kept.size() == groupLimit) {
                next = token(group);
                break;
            }
            kept.add(new RuleGroupState(group.group(), rules, group.lastEvaluationMillis(), group.evaluationSeconds(),
                    group.evaluations(), group.failedEvaluations(), group.missedIterations()));
        }
        if (groupLimit > 0 && !nextToken.isEmpty() && !foundToken) {
            throw PrometheusApiException.invalidParameter("group_next_token",
                    "invalid group_next_token '" + nextToken + "'. were rule groups changed?");
        }
        return new Page(kept, next);
    }

    private boolean matchesAny(Labels labels) {
        for (List<LabelMatcher> set : matcherSets) {
            boolean all = true;
            for (LabelMatcher m : set) {
                String value = labels.get(m.name());
                if (!m.matches(value == null ? "" : value)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** @return the page token of a group: the hex SHA-256 of {@code file;group}, as Prometheus makes it */
    static String token(RuleGroupState group) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((group.group().namespace() + ";" + group.group().name()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go's {@code strconv.ParseBool}, with Prometheus's error for anything else; empty is false. */
    private static boolean parseBool(String text) {
        return switch (text) {
            case "" -> false;
            case "1", "t", "true" -> true;
            case "0", "f", "false" -> false;
            default -> throw PrometheusApiException.invalidParameter("exclude_alerts",
                    "error converting exclude_alerts: strconv.ParseBool: parsing \"" + text + "\": invalid syntax");
        };
    }
}
