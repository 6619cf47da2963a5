package io.hearth.plugins.rules.template;

import java.util.List;

/**
 * One element of a {@code query} result as templates see it: {@code .Labels} and {@code .Value}.
 *
 * @param labels the series labels, {@code __name__} included
 * @param value the float value ({@link Double}) or a histogram
 */
public record TemplateSample(GoMap labels, Object value) implements GoObject {

    @Override
    public String goType() {
        return "*template.sample";
    }

    @Override
    public Object select(String name, List<Object> args) {
        return switch (name) {
            case "Labels" -> labels;
            case "Value" -> value;
            default -> throw new TemplateException.Failure("can't evaluate field " + name + " in type *template.sample");
        };
    }
}
