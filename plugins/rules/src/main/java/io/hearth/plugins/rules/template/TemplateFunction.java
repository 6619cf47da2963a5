package io.hearth.plugins.rules.template;

import java.util.List;

/** A function callable from a template, like an entry of Go's {@code template.FuncMap}. */
@FunctionalInterface
public interface TemplateFunction {

    /**
     * @param args the evaluated arguments, a piped value last
     * @return the result
     * @throws TemplateException.Failure with the message Go's function would return as its error
     */
    Object apply(List<Object> args);

    /**
     * Checks the argument count, with Go's message.
     *
     * @throws TemplateException.BadArguments when it differs
     */
    static void arity(String name, List<Object> args, int want) {
        if (args.size() != want) {
            throw new TemplateException.BadArguments("wrong number of args for " + name + ": want " + want + " got " + args.size());
        }
    }

    /**
     * A string argument, with Go's message for another type.
     *
     * @throws TemplateException.BadArguments when it is not a string
     */
    static String string(List<Object> args, int i) {
        if (args.get(i) instanceof String s) {
            return s;
        }
        throw new TemplateException.BadArguments("wrong type for value; expected string; got " + GoFmt.typeName(args.get(i)));
    }
}
