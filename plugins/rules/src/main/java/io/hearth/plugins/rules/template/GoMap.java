package io.hearth.plugins.rules.template;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Go map with string keys, such as {@code $labels} ({@code map[string]string}). A missing key
 * reads as the element type's zero value, as under Prometheus's {@code missingkey=zero} option.
 *
 * @param entries the entries in key order
 * @param zero the zero value of the element type: {@code ""} for strings, null for {@code any}
 * @param goType the Go type name
 */
public record GoMap(SortedMap<String, Object> entries, Object zero, String goType) implements GoObject {

    public GoMap {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    /** A {@code map[string]string}. */
    public static GoMap ofStrings(Map<String, String> map) {
        return new GoMap(new TreeMap<>(map), "", "map[string]string");
    }

    @Override
    public Object select(String name, List<Object> args) {
        if (!args.isEmpty()) {
            throw new TemplateException.Failure(name + " is not a method but has arguments");
        }
        Object value = entries.get(name);
        return value == null && !entries.containsKey(name) ? zero : value;
    }
}
