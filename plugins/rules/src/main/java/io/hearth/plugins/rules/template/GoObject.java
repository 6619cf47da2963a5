package io.hearth.plugins.rules.template;

import java.util.List;

/**
 * A template value with Go behaviour beyond the basic kinds: a type name for messages, fields
 * ({@code .Labels}) and methods ({@code .Format "2006"}).
 */
public interface GoObject {

    /** @return the Go type name used in messages, e.g. {@code *time.Time} */
    String goType();

    /**
     * Reads a field or calls a method.
     *
     * @param name the field or method name
     * @param args the method's arguments; empty for a field
     * @return the value
     * @throws TemplateException.Failure with Go's message when there is no such field or method
     */
    Object select(String name, List<Object> args);
}
