package io.hearth.plugins.rules.template;

import java.util.List;

/**
 * What the {@code query} template function returns: a list of samples that {@code range},
 * {@code first}, {@code len}, {@code index} and {@code sortByLabel} work on.
 *
 * @param samples the samples in the engine's order
 */
public record QueryResult(List<TemplateSample> samples) implements GoObject {

    public QueryResult {
        samples = List.copyOf(samples);
    }

    @Override
    public String goType() {
        return "template.queryResult";
    }

    @Override
    public Object select(String name, List<Object> args) {
        throw new TemplateException.Failure("can't evaluate field " + name + " in type template.queryResult");
    }
}
