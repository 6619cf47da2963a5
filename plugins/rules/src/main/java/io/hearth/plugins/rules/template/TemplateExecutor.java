package io.hearth.plugins.rules.template;

import io.hearth.plugins.rules.template.TemplateNode.Command;
import io.hearth.plugins.rules.template.TemplateNode.Control;
import io.hearth.plugins.rules.template.TemplateNode.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a parsed template over its data, as Go's text/template executes: pipelines pass each
 * command's value as the last argument of the next, {@code if}/{@code with}/{@code range} test
 * Go truth, variables are scoped by block, and failures carry Go's {@code template: name:line:col:
 * executing "name" at <context>:} prefix. One executor per execution; not thread-safe.
 */
final class TemplateExecutor {

    /** Go's limit on nested template calls, which stops unbounded recursion. */
    private static final int MAX_DEPTH = 1000;

    private record Variable(String name, Object value) {
    }

    private static final class Jump extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean isBreak;

        Jump(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    /** An execution error already carrying Go's full message. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message, null, false, false);
        }
    }

    private final String name;
    private final String text;
    private final Map<String, List<TemplateNode>> defined;
    private final Map<String, TemplateFunction> functions;
    private final Map<String, TemplateFunction> builtins;
    private final StringBuilder out = new StringBuilder();
    private List<Variable> variables = new ArrayList<>();
    private TemplateNode at;
    private int depth;

    TemplateExecutor(String name, String text, Map<String, List<TemplateNode>> defined,
            Map<String, TemplateFunction> functions, Map<String, TemplateFunction> builtins) {
        this.name = name;
        this.text = text;
        this.defined = defined;
        this.functions = functions;
        this.builtins = builtins;
    }

    String execute(List<TemplateNode> root, Object data) throws TemplateException {
        variables.add(new Variable("$", data));
        try {
            walkList(data, root);
        } catch (Failed e) {
            throw new TemplateException(e.getMessage(), false);
        } catch (Jump e) {
            throw new TemplateException("template: " + name + ": break or continue outside range", false);
        } catch (StackOverflowError e) {
            throw new TemplateException("template: " + name + ": exceeded maximum template depth", false);
        }
        return out.toString();
    }

    private Failed fail(String message) {
        if (at == null) {
            return new Failed("template: " + name + ": " + message);
        }
        int pos = Math.min(at.pos(), text.length());
        String before = text.substring(0, pos);
        int newline = before.lastIndexOf('\n');
        int column = newline < 0 ? pos : pos - newline - 1;
        int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
        String context = at.toString();
        if (context.length() > 20) {
            context = context.substring(0, 20) + "...";
        }
        return new Failed("template: " + name + ":" + line + ":" + column + ": executing \"" + name + "\" at <"
                + context + ">: " + message);
    }

    /** Go's truth: false, zero numbers, nil, and empty strings, maps and lists are false. */
    static boolean truth(Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0;
            case String s -> !s.isEmpty();
            case GoMap m -> !m.entries().isEmpty();
            case QueryResult r -> !r.samples().isEmpty();
            case List<?> l -> !l.isEmpty();
            case GoDuration d -> d.nanos() != 0;
            default -> true;
        };
    }

    private void walkList(Object dot, List<TemplateNode> nodes) {
        for (TemplateNode node : nodes) {
            walk(dot, node);
        }
    }

    private void walk(Object dot, TemplateNode node) {
        switch (node) {
            case TemplateNode.Text t -> out.append(t.text());
            case TemplateNode.Action a -> {
                Object v = pipeline(dot, a.pipeline());
                if (a.pipeline().variables().isEmpty()) {
                    out.append(v == null ? "<no value>" : GoFmt.value(v));
                }
            }
            case Control c -> control(dot, c);
            case TemplateNode.Call c -> call(dot, c);
            case TemplateNode.Jump j -> throw new Jump(j.isBreak());
            default -> throw fail("unknown node " + node);
        }
    }

    private void control(Object dot, Control c) {
        int mark = variables.size();
        try {
            Object v = pipeline(dot, c.pipeline());
            switch (c.kind()) {
                case IF -> walkList(dot, truth(v) ? c.body() : c.otherwise());
                case WITH -> {
                    if (truth(v)) {
                        walkList(v, c.body());
                    } else {
                        walkList(dot, c.otherwise());
                    }
                }
                case RANGE -> range(dot, c, v);
            }
        } finally {
            variables.subList(mark, variables.size()).clear();
        }
    }

    private void range(Object dot, Control c, Object v) {
        List<Object[]> items = new ArrayList<>(); // {key, value}
        switch (v) {
            case null -> {
            }
            case QueryResult r -> {
                for (int i = 0; i < r.samples().size(); i++) {
                    items.add(new Object[] {(long) i, r.samples().get(i)});
                }
            }
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) {
                    items.add(new Object[] {(long) i, l.get(i)});
                }
            }
            case GoMap m -> m.entries().forEach((k, e) -> items.add(new Object[] {k, e}));
            case Long n -> {
                for (long i = 0; i < n; i++) {
                    items.add(new Object[] {i, i});
                }
            }
            default -> {
                at = c.pipeline();
                throw fail("range can't iterate over " + GoFmt.value(v));
            }
        }
        if (items.isEmpty()) {
            walkList(dot, c.otherwise());
            return;
        }
        List<String> vars = c.pipeline().variables();
        int mark = variables.size();
        for (Object[] item : items) {
            if (vars.size() == 1) {
                setVariable(vars.get(0), item[1], c.pipeline().declare());
            } else if (vars.size() == 2) {
                setVariable(vars.get(0), item[0], c.pipeline().declare());
                setVariable(vars.get(1), item[1], c.pipeline().declare());
            }
            try {
                walkList(item[1], c.body());
            } catch (Jump j) {
                if (j.isBreak) {
                    break;
                }
            } finally {
                variables.subList(mark, variables.size()).clear();
            }
        }
    }

    private void call(Object dot, TemplateNode.Call c) {
        List<TemplateNode> body = defined.get(c.name());
        if (body == null) {
            at = c;
            throw fail("no such template \"" + c.name() + "\"");
        }
        Object newDot = c.pipeline() == null ? null : pipeline(dot, c.pipeline());
        if (++depth > MAX_DEPTH) {
            at = c;
            throw fail("exceeded maximum template depth (" + MAX_DEPTH + ")");
        }
        List<Variable> saved = variables;
        variables = new ArrayList<>();
        variables.add(new Variable("$", newDot));
        try {
            walkList(newDot, body);
        } finally {
            variables = saved;
            depth--;
        }
    }

    private void setVariable(String var, Object value, boolean declare) {
        if (declare) {
            variables.add(new Variable(var, value));
            return;
        }
        for (int i = variables.size() - 1; i >= 0; i--) {
            if (variables.get(i).name().equals(var)) {
                variables.set(i, new Variable(var, value));
                return;
            }
        }
        throw fail("undefined variable: " + var);
    }

    private Object variable(String var) {
        for (int i = variables.size() - 1; i >= 0; i--) {
            if (variables.get(i).name().equals(var)) {
                return variables.get(i).value();
            }
        }
        throw fail("undefined variable: " + var);
    }

    private Object pipeline(Object dot, Pipeline pipe) {
        at = pipe;
        Object value = null;
        boolean first = true;
        for (Command cmd : pipe.commands()) {
            value = command(dot, cmd, value, first);
            first = false;
        }
        for (String var : pipe.variables()) {
            setVariable(var, value, pipe.declare());
        }
        return value;
    }

    /** Evaluates one command; {@code hasFinal} is false for the first command of a pipeline. */
    private Object command(Object dot, Command cmd, Object fin, boolean first) {
        boolean hasFinal = !first;
        TemplateNode head = cmd.args().get(0);
        at = cmd;
        switch (head) {
            case TemplateNode.Identifier id -> {
                return function(dot, cmd, id.name(), fin, hasFinal);
            }
            case TemplateNode.Field f -> {
                return fields(dot, dot, f.names(), cmd, fin, hasFinal);
            }
            case TemplateNode.Variable v -> {
                Object base = variable(v.name());
                if (v.fields().isEmpty()) {
                    noArguments(cmd, hasFinal, v);
                    return base;
                }
                return fields(dot, base, v.fields(), cmd, fin, hasFinal);
            }
            case TemplateNode.Chain ch -> {
                Object base = operand(dot, ch.operand());
                at = cmd;
                return fields(dot, base, ch.fields(), cmd, fin, hasFinal);
            }
            case Pipeline p -> {
                noArguments(cmd, hasFinal, p);
                return pipeline(dot, p);
            }
            case TemplateNode.Nil n -> throw fail("nil is not a command");
            default -> {
                noArguments(cmd, hasFinal, head);
                return operand(dot, head);
            }
        }
    }

    private void noArguments(Command cmd, boolean hasFinal, TemplateNode head) {
        if (cmd.args().size() > 1 || hasFinal) {
            throw fail("can't give argument to non-function " + head);
        }
    }

    /** Walks a field chain; the last field may be a method taking the command's arguments. */
    private Object fields(Object dot, Object base, List<String> names, Command cmd, Object fin, boolean hasFinal) {
        Object v = base;
        for (int i = 0; i < names.size(); i++) {
            boolean last = i == names.size() - 1;
            List<Object> args = List.of();
            if (last && (cmd.args().size() > 1 || hasFinal)) {
                args = arguments(dot, cmd, fin, hasFinal);
                at = cmd;
            }
            v = select(v, names.get(i), args);
        }
        return v;
    }

    private Object select(Object v, String field, List<Object> args) {
        if (v == null) {
            throw fail("nil pointer evaluating interface {}." + field);
        }
        if (v instanceof GoObject o) {
            try {
                return o.select(field, args);
            } catch (TemplateException.Failure | TemplateException.BadArguments e) {
                throw fail(e.getMessage());
            }
        }
        throw fail("can't evaluate field " + field + " in type " + GoFmt.typeName(v));
    }

    private List<Object> arguments(Object dot, Command cmd, Object fin, boolean hasFinal) {
        List<Object> args = new ArrayList<>(cmd.args().size());
        for (int i = 1; i < cmd.args().size(); i++) {
            args.add(operand(dot, cmd.args().get(i)));
        }
        if (hasFinal) {
            args.add(fin);
        }
        return args;
    }

    private Object function(Object dot, Command cmd, String fn, Object fin, boolean hasFinal) {
        if (fn.equals("and") || fn.equals("or")) {
            int count = cmd.args().size() - 1 + (hasFinal ? 1 : 0);
            if (count < 1) {
                throw fail("wrong number of args for " + fn + ": want at least 1 got 0");
            }
            Object v = null;
            for (int i = 1; i <= count; i++) {
                v = i < cmd.args().size() ? operand(dot, cmd.args().get(i)) : fin;
                boolean t = truth(v);
                if (fn.equals("and") ? !t : t) {
                    return v;
                }
            }
            return v;
        }
        TemplateFunction f = functions.get(fn);
        if (f == null) {
            f = builtins.get(fn);
        }
        if (f == null) {
            throw fail("\"" + fn + "\" is not a defined function");
        }
        List<Object> args = arguments(dot, cmd, fin, hasFinal);
        at = cmd;
        try {
            return f.apply(args);
        } catch (TemplateException.BadArguments e) {
            throw fail(e.getMessage());
        } catch (TemplateException.Failure e) {
            throw fail("error calling " + fn + ": " + e.getMessage());
        } catch (Failed e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail("error calling " + fn + ": " + e.getMessage());
        }
    }

    private Object operand(Object dot, TemplateNode node) {
        return switch (node) {
            case TemplateNode.Constant c -> c.value();
            case TemplateNode.Dot d -> dot;
            case TemplateNode.Nil n -> null;
            case TemplateNode.Field f -> {
                Object v = dot;
                for (String name : f.names()) {
                    at = f;
                    v = select(v, name, List.of());
                }
                yield v;
            }
            case TemplateNode.Variable var -> {
                Object v = variable(var.name());
                for (String name : var.fields()) {
                    at = var;
                    v = select(v, name, List.of());
                }
                yield v;
            }
            case TemplateNode.Chain ch -> {
                Object v = operand(dot, ch.operand());
                for (String name : ch.fields()) {
                    at = ch;
                    v = select(v, name, List.of());
                }
                yield v;
            }
            case Pipeline p -> pipeline(dot, p);
            case TemplateNode.Identifier id -> {
                Command cmd = new Command(id.pos(), List.of(id));
                yield function(dot, cmd, id.name(), null, false);
            }
            default -> throw fail("can't handle " + node + " as an operand");
        };
    }
}
