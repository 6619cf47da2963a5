package io.hearth.plugins.rules.template;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed Go text/template, ready to execute many times. Immutable and thread-safe; each
 * execution runs on its own state. Parsing needs only the names of the functions the text may
 * call, so a rule's templates are parsed once and executed with the functions of each evaluation.
 */
public final class Template {

    private static final Map<String, TemplateFunction> BUILTINS = Map.copyOf(BuiltinFunctions.all());

    private final String name;
    private final String text;
    private final TemplateParser.Parsed parsed;
    private final Map<String, TemplateFunction> functions;

    private Template(String name, String text, TemplateParser.Parsed parsed, Map<String, TemplateFunction> functions) {
        this.name = name;
        this.text = text;
        this.parsed = parsed;
        this.functions = functions;
    }

    /**
     * Parses a template bound to its functions.
     *
     * @param name the template name, used in messages
     * @param text the template text
     * @param functions the functions it may call besides Go's built-in ones (which they override)
     * @throws TemplateException a parse error with Go's message
     */
    public static Template parse(String name, String text, Map<String, TemplateFunction> functions)
            throws TemplateException {
        Template t = parse(name, text, functions.keySet());
        return new Template(name, text, t.parsed, Map.copyOf(functions));
    }

    /**
     * Parses a template whose functions are given at each {@link #execute(Object, Map)}.
     *
     * @param functionNames the names of the functions it may call besides Go's built-in ones
     * @throws TemplateException a parse error with Go's message
     */
    public static Template parse(String name, String text, Set<String> functionNames) throws TemplateException {
        Set<String> names = new HashSet<>(BUILTINS.keySet());
        names.addAll(functionNames);
        names.add("and");
        names.add("or");
        return new Template(name, text, TemplateParser.parse(name, text, names), Map.of());
    }

    /**
     * Runs the template with the functions it was parsed with.
     *
     * @param data the value of dot and {@code $}
     * @return the output
     * @throws TemplateException an execution error with Go's message
     */
    public String execute(Object data) throws TemplateException {
        return execute(data, functions);
    }

    /**
     * Runs the template.
     *
     * @param data the value of dot and {@code $}
     * @param functions the functions besides Go's built-in ones, which they override
     * @return the output
     * @throws TemplateException an execution error with Go's message
     */
    public String execute(Object data, Map<String, TemplateFunction> functions) throws TemplateException {
        return new TemplateExecutor(name, text, parsed.defined(), functions, BUILTINS).execute(parsed.root(), data);
    }

    /** @return the names of the templates it defines */
    public List<String> definedTemplates() {
        return List.copyOf(parsed.defined().keySet());
    }
}
