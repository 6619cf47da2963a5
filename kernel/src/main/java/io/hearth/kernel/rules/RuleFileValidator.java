package io.hearth.kernel.rules;

import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Checks a Prometheus rule file the way {@code promtool check rules} does: the YAML shape, unique
 * group names, one of {@code record} or {@code alert} per rule, valid names, durations and
 * label names, and a PromQL expression the query engine parses. Every problem becomes a
 * ValidationException naming the group and the rule.
 */
final class RuleFileValidator {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern DURATION = Pattern.compile("((\\d+)(ms|s|m|h|d|w|y))+");
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "query_offset", "limit", "rules", "labels");
    private static final Set<String> RULE_KEYS = Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels",
            "annotations");

    private final Plugins.Bound<QueryEngine> engine;

    RuleFileValidator(Plugins.Bound<QueryEngine> engine) {
        this.engine = engine;
    }

    /**
     * @param text the rule file
     * @return the number of rules in it
     * @throws AmpException a ValidationException naming the first problem
     */
    int validate(String text) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw invalid("the rule file is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null) {
            return 0;
        }
        if (!(root instanceof Map<?, ?> file) || !(file.get("groups") instanceof List<?> groups) || file.size() != 1) {
            throw invalid("the rule file must be a mapping with one key, groups, holding a list of groups");
        }
        Set<String> names = new HashSet<>();
        int rules = 0;
        int index = 0;
        for (Object item : groups) {
            index++;
            if (!(item instanceof Map<?, ?> group)) {
                throw invalid("group " + index + " is not a mapping");
            }
            unknownKeys(group, GROUP_KEYS, "group " + index);
            if (!(group.get("name") instanceof String name) || name.isBlank()) {
                throw invalid("group " + index + " has no name");
            }
            if (!names.add(name)) {
                throw invalid("groupname: \"" + name + "\" is repeated in the same file");
            }
            duration(group.get("interval"), "group \"" + name + "\": interval");
            duration(group.get("query_offset"), "group \"" + name + "\": query_offset");
            if (group.get("limit") != null && !(group.get("limit") instanceof Integer limit && limit >= 0)) {
                throw invalid("group \"" + name + "\": limit must be a whole number of at least 0");
            }
            if (!(group.get("rules") instanceof List<?> ruleList)) {
                throw invalid("group \"" + name + "\": rules must be a list");
            }
            int ruleIndex = 0;
            for (Object r : ruleList) {
                ruleIndex++;
                rule(r, "group \"" + name + "\", rule " + ruleIndex);
                rules++;
            }
        }
        return rules;
    }

    private void rule(Object item, String where) {
        if (!(item instanceof Map<?, ?> rule)) {
            throw invalid(where + ": a rule must be a mapping");
        }
        unknownKeys(rule, RULE_KEYS, where);
        Object record = rule.get("record");
        Object alert = rule.get("alert");
        if ((record == null) == (alert == null)) {
            throw invalid(where + ": one of 'record' or 'alert' must be set");
        }
        if (record != null) {
            if (!(record instanceof String r) || !METRIC_NAME.matcher(r).matches()) {
                throw invalid(where + ", \"" + record + "\": invalid recording rule name");
            }
            if (rule.containsKey("for") || rule.containsKey("keep_firing_for") || rule.containsKey("annotations")) {
                throw invalid(where + ", \"" + record + "\": invalid field for a recording rule (for, keep_firing_for or annotations)");
            }
        } else if (!(alert instanceof String a) || a.isBlank()) {
            throw invalid(where + ": invalid alerting rule name");
        }
        String ruleName = String.valueOf(record != null ? record : alert);
        String at = where + ", \"" + ruleName + "\"";
        if (!(rule.get("expr") instanceof String expr) || expr.isBlank()) {
            throw invalid(at + ": field 'expr' must be set in rule");
        }
        try {
            engine.call(e -> e.format(expr));
        } catch (QueryException e) {
            throw invalid(at + ": could not parse expression: " + e.getMessage());
        }
        duration(rule.get("for"), at + ": for");
        duration(rule.get("keep_firing_for"), at + ": keep_firing_for");
        labels(rule.get("labels"), at + ": labels");
        labels(rule.get("annotations"), at + ": annotations");
    }

    private static void labels(Object value, String where) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(where + " must be a mapping");
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String name) || !LABEL_NAME.matcher(name).matches()) {
                throw invalid(where + ": invalid label name: " + entry.getKey());
            }
            if (entry.getValue() != null && !(entry.getValue() instanceof String) && !(entry.getValue() instanceof Number)
                    && !(entry.getValue() instanceof Boolean)) {
                throw invalid(where + ": the value of " + name + " must be a string");
            }
        }
    }

    private static void duration(Object value, String where) {
        if (value == null) {
            return;
        }
        if (!(value instanceof String text) || !DURATION.matcher(text).matches()) {
            throw invalid(where + ": not a valid duration string: \"" + value + "\"");
        }
    }

    private static void unknownKeys(Map<?, ?> map, Set<String> allowed, String where) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw invalid(where + ": field " + key + " not found in type rulefmt");
            }
        }
    }

    private static AmpException invalid(String message) {
        return AmpException.invalidField("data", message);
    }
}
