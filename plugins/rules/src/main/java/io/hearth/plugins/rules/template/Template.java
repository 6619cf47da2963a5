package io.hearth.plugins.rules.template;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed Go text/template with its functions, ready to execute many times. Immutable and
 * thread-safe; each {@link #execute} runs on its own state.
 */
public final class Template {

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
     * Parses a template.
     *
     * @param name the template name, used in messages
     * @param text the template text
     * @param functions the functions it may call besides Go's built-in ones (which they override)
     * @throws TemplateException a parse error with Go's message
     */
    public static Template parse(String name, String text, Map<String, TemplateFunction> functions)
            throws TemplateException {
        Map<String, TemplateFunction> all = new HashMap<>(BuiltinFunctions.all());
        all.putAll(functions);
        Set<String> names = new HashSet<>(all.keySet());
        names.add("and");
        names.add("or");
        return new Template(name, text, TemplateParser.parse(name, text, names), Map.copyOf(all));
    }

    /**
     * Runs the template.
     *
     * @param data the value of dot and {@code $}
     * @return the output
     * @throws TemplateException an execution error with Go's message
     */
    public String execute(Object data) throws TemplateException {
        return new TemplateExecutor(name, text, parsed.defined(), functions).execute(parsed.root(), data);
    }

    /** @return the names of the templates it defines */
    public List<String> definedTemplates() {
        return List.copyOf(parsed.defined().keySet());
    }
}
