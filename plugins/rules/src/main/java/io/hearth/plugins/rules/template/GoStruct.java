package io.hearth.plugins.rules.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Go struct value: named fields in declaration order, such as the data Prometheus passes to
 * alert templates ({@code Labels}, {@code ExternalLabels}, {@code ExternalURL}, {@code Value}).
 *
 * @param goType the type name used in messages
 * @param fields the fields in declaration order
 */
public record GoStruct(String goType, Map<String, Object> fields) implements GoObject {

    public GoStruct {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public Object select(String name, List<Object> args) {
        if (!fields.containsKey(name)) {
            throw new TemplateException.Failure("can't evaluate field " + name + " in type " + goType);
        }
        if (!args.isEmpty()) {
            throw new TemplateException.Failure(name + " has arguments but cannot be invoked as function");
        }
        return fields.get(name);
    }
}
