package io.hearth.kernel.rules;

import io.hearth.kernel.config.PrometheusDuration;
import io.hearth.kernel.amp.AmpException;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.spi.query.QueryEngine;
import io.hearth.spi.query.QueryException;
import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.storage.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a Prometheus rule file into {@link RuleGroup}s, checking it the way {@code promtool check
 * rules} does: the YAML shape, unique group names, one of {@code record} or {@code alert} per
 * rule, valid names, durations and label names, and a PromQL expression the query engine parses.
 * Every problem becomes a ValidationException naming the group and the rule.
 *
 * <p>Scalars are read as their text, as Go's YAML decoder reads them into Prometheus's string
 * fields: {@code severity: 5} is the label value {@code "5"}, {@code for: 0} the duration 0. Each
 * expression is kept as the query engine prints it, which is what Prometheus shows as a rule's
 * {@code query} and evaluates.
 */
final class RuleFileParser {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "query_offset", "limit", "rules", "labels");
    private static final Set<String> RULE_KEYS = Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels",
            "annotations");

    private final Plugins.Bound<QueryEngine> engine;

    RuleFileParser(Plugins.Bound<QueryEngine> engine) {
        this.engine = engine;
    }

    /**
     * @param namespace the rule groups namespace the file belongs to
     * @param text the rule file
     * @return its groups in file order; none for an empty file
     * @throws AmpException a ValidationException naming the first problem
     */
    List<RuleGroup> parse(String namespace, String text) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(new DumperOptions()),
                    new DumperOptions(), new LoaderOptions(), new TextScalars()).load(text);
        } catch (YAMLException e) {
            throw invalid("the rule file is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof Map<?, ?> file) || !(file.get("groups") instanceof List<?> groups) || file.size() != 1) {
            throw invalid("the rule file must be a mapping with one key, groups, holding a list of groups");
        }
        Set<String> names = new HashSet<>();
        List<RuleGroup> parsed = new ArrayList<>(groups.size());
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
            String where = "group \"" + name + "\"";
            long interval = duration(group.get("interval"), where + ": interval", 0);
            long queryOffset = duration(group.get("query_offset"), where + ": query_offset", -1);
            int limit = limit(group.get("limit"), where);
            Labels groupLabels = labels(group.get("labels"), where + ": labels");
            if (!(group.get("rules") instanceof List<?> ruleList)) {
                throw invalid(where + ": rules must be a list");
            }
            List<Rule> rules = new ArrayList<>(ruleList.size());
            int ruleIndex = 0;
            for (Object r : ruleList) {
                ruleIndex++;
                rules.add(rule(r, where + ", rule " + ruleIndex));
            }
            parsed.add(new RuleGroup(namespace, name, interval, queryOffset, limit, groupLabels, rules));
        }
        return List.copyOf(parsed);
    }

    private Rule rule(Object item, String where) {
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
        String expression;
        try {
            expression = engine.call(e -> e.format(expr));
        } catch (QueryException e) {
            throw invalid(at + ": could not parse expression: " + e.getMessage());
        }
        long forMillis = duration(rule.get("for"), at + ": for", 0);
        long keepFiringFor = duration(rule.get("keep_firing_for"), at + ": keep_firing_for", 0);
        Labels labels = labels(rule.get("labels"), at + ": labels");
        if (record != null) {
            return new Rule.Recording(ruleName, expression, labels);
        }
        // an empty annotation is kept, as Prometheus keeps it (a label with an empty value is not a label)
        Map<String, String> annotations = pairs(rule.get("annotations"), at + ": annotations");
        return new Rule.Alerting(ruleName, expression, forMillis, keepFiringFor, labels, annotations);
    }

    private static Labels labels(Object value, String where) {
        return Labels.of(pairs(value, where));
    }

    private static Map<String, String> pairs(Object value, String where) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(where + " must be a mapping");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String name) || !LABEL_NAME.matcher(name).matches()) {
                throw invalid(where + ": invalid label name: " + entry.getKey());
            }
            if (entry.getValue() != null && !(entry.getValue() instanceof String)) {
                throw invalid(where + ": the value of " + name + " must be a string");
            }
            pairs.put(name, entry.getValue() == null ? "" : (String) entry.getValue());
        }
        return pairs;
    }

    private static long duration(Object value, String where, long absent) {
        if (value == null) {
            return absent;
        }
        long millis = value instanceof String text ? PrometheusDuration.parseMillis(text) : -1;
        if (millis < 0) {
            throw invalid(where + ": not a valid duration string: \"" + value + "\"");
        }
        return millis;
    }

    private static int limit(Object value, String where) {
        if (value == null) {
            return 0;
        }
        try {
            int limit = value instanceof String text ? Integer.parseInt(text) : -1;
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid(where + ": limit must be a whole number of at least 0");
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

    /**
     * Resolves no scalar to a number, boolean or date: every plain scalar but null stays its text,
     * as Prometheus's string fields receive it. Merge keys still work.
     */
    private static final class TextScalars extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
            addImplicitResolver(Tag.MERGE, MERGE, "<");
        }
    }
}
