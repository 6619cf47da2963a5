package io.hearth.plugins.rules.template;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Expands an alerting rule's label and annotation templates as Prometheus does: the text runs
 * after definitions of {@code $labels}, {@code $externalLabels}, {@code $externalURL} and
 * {@code $value}, over data with the fields {@code .Labels}, {@code .ExternalLabels},
 * {@code .ExternalURL} and {@code .Value}; a template that fails becomes the text
 * {@code <error expanding template: ...>} and evaluation goes on.
 */
public final class AlertTemplates {

    /** Prepended to every template, so that positions in messages match Prometheus's. */
    static final String DEFINITIONS = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
            + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

    private AlertTemplates() {
    }

    /**
     * @param ruleName the alert name; the template is named {@code __alert_<name>}
     * @param text the label or annotation template
     * @param labels the result's labels
     * @param externalLabels the server's external labels
     * @param externalUrl the server's external URL
     * @param value the result's value (a {@link Double}, or a histogram)
     * @param functions the Prometheus functions for this evaluation ({@link PrometheusFunctions#of})
     * @return the expansion, or Prometheus's error text
     */
    public static String expand(String ruleName, String text, Map<String, String> labels,
            Map<String, String> externalLabels, String externalUrl, Object value, Map<String, TemplateFunction> functions) {
        if (text.indexOf("{{") < 0) {
            return text; // nothing to expand: the definitions print nothing
        }
        String name = "__alert_" + ruleName;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Labels", GoMap.ofStrings(labels));
        fields.put("ExternalLabels", GoMap.ofStrings(externalLabels));
        fields.put("ExternalURL", externalUrl);
        fields.put("Value", value);
        GoStruct data = new GoStruct("struct { Labels map[string]string; ExternalLabels map[string]string; "
                + "ExternalURL string; Value interface {} }", fields);
        try {
            return Template.parse(name, DEFINITIONS + text, functions).execute(data);
        } catch (TemplateException e) {
            return "<error expanding template: error " + (e.isParseError() ? "parsing" : "executing") + " template "
                    + name + ": " + e.getMessage() + ">";
        }
    }
}
