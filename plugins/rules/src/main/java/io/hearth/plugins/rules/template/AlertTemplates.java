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

    private static final String DATA_TYPE = "struct { Labels map[string]string; ExternalLabels map[string]string; "
            + "ExternalURL string; Value interface {} }";

    /**
     * One label or annotation template of a rule, parsed once: plain text, a parsed template, or
     * the parse error every expansion reports.
     */
    public static final class Compiled {
        private final String name;
        private final String text;
        private final Template template;
        private final String parseError;

        private Compiled(String name, String text, Template template, String parseError) {
            this.name = name;
            this.text = text;
            this.template = template;
            this.parseError = parseError;
        }
    }

    private AlertTemplates() {
    }

    /**
     * @param ruleName the alert name; the template is named {@code __alert_<name>}
     * @param text the label or annotation template
     * @return the template parsed for {@link #expand(Compiled, Map, Map, String, Object, Map)}
     */
    public static Compiled compile(String ruleName, String text) {
        String name = "__alert_" + ruleName;
        if (text.indexOf("{{") < 0) {
            return new Compiled(name, text, null, null); // nothing to expand: the definitions print nothing
        }
        try {
            return new Compiled(name, text, Template.parse(name, DEFINITIONS + text, PrometheusFunctions.NAMES), null);
        } catch (TemplateException e) {
            return new Compiled(name, text, null, "<error expanding template: error parsing template " + name + ": "
                    + e.getMessage() + ">");
        }
    }

    /**
     * @param compiled the template
     * @param labels the result's labels
     * @param externalLabels the server's external labels
     * @param externalUrl the server's external URL
     * @param value the result's value (a {@link Double}, or a histogram)
     * @param functions the Prometheus functions for this evaluation ({@link PrometheusFunctions#of})
     * @return the expansion, or Prometheus's error text
     */
    public static String expand(Compiled compiled, Map<String, String> labels, Map<String, String> externalLabels,
            String externalUrl, Object value, Map<String, TemplateFunction> functions) {
        return expand(compiled, data(labels, externalLabels, externalUrl, value), functions);
    }

    /**
     * The data of one result's templates, built once for all of them.
     *
     * @return the value {@link #expand(Compiled, Object, Map)} takes
     */
    public static Object data(Map<String, String> labels, Map<String, String> externalLabels, String externalUrl,
            Object value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Labels", GoMap.ofStrings(labels));
        fields.put("ExternalLabels", GoMap.ofStrings(externalLabels));
        fields.put("ExternalURL", externalUrl);
        fields.put("Value", value);
        return new GoStruct(DATA_TYPE, fields);
    }

    /**
     * @param compiled the template
     * @param data from {@link #data}
     * @param functions the Prometheus functions for this evaluation ({@link PrometheusFunctions#of})
     * @return the expansion, or Prometheus's error text
     */
    public static String expand(Compiled compiled, Object data, Map<String, TemplateFunction> functions) {
        if (compiled.parseError != null) {
            return compiled.parseError;
        }
        if (compiled.template == null) {
            return compiled.text;
        }
        try {
            return compiled.template.execute(data, functions);
        } catch (TemplateException e) {
            return "<error expanding template: error executing template " + compiled.name + ": " + e.getMessage() + ">";
        }
    }

    /** {@link #compile} then {@link #expand(Compiled, Map, Map, String, Object, Map)}. */
    public static String expand(String ruleName, String text, Map<String, String> labels,
            Map<String, String> externalLabels, String externalUrl, Object value, Map<String, TemplateFunction> functions) {
        return expand(compile(ruleName, text), labels, externalLabels, externalUrl, value, functions);
    }
}
