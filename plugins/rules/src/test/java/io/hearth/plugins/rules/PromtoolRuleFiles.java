package io.hearth.plugins.rules;

import static io.hearth.plugins.rules.PromtoolTestRunner.duration;
import static io.hearth.plugins.rules.PromtoolTestRunner.list;
import static io.hearth.plugins.rules.PromtoolTestRunner.strings;
import static io.hearth.plugins.rules.PromtoolTestRunner.yaml;

import io.hearth.spi.rules.Rule;
import io.hearth.spi.rules.RuleGroup;
import io.hearth.spi.storage.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prometheus rule files read into the spi's groups, the namespace being the file name. */
final class PromtoolRuleFiles {

    private PromtoolRuleFiles() {
    }

    static List<RuleGroup> read(Path file) throws IOException {
        List<RuleGroup> out = new ArrayList<>();
        for (Object g : list(yaml(file).get("groups"))) {
            Map<?, ?> group = (Map<?, ?>) g;
            List<Rule> rules = new ArrayList<>();
            for (Object r : list(group.get("rules"))) {
                Map<?, ?> rule = (Map<?, ?>) r;
                Labels labels = Labels.of(strings(rule.get("labels")));
                String expr = String.valueOf(rule.get("expr"));
                if (rule.get("record") != null) {
                    rules.add(new Rule.Recording((String) rule.get("record"), expr, labels));
                } else {
                    Labels annotations = Labels.of(strings(rule.get("annotations")));
                    rules.add(new Rule.Alerting((String) rule.get("alert"), expr, duration(rule.get("for"), 0),
                            duration(rule.get("keep_firing_for"), 0), labels, annotations));
                }
            }
            int limit = group.get("limit") instanceof Integer l ? l : 0;
            long offset = group.get("query_offset") == null ? -1 : duration(group.get("query_offset"), 0);
            out.add(new RuleGroup(file.getFileName().toString(), (String) group.get("name"),
                    duration(group.get("interval"), 0), offset, limit, Labels.of(strings(group.get("labels"))), rules));
        }
        return out;
    }
}
