package io.hearth.plugins.rules.template;

import io.hearth.plugins.rules.template.TemplateLexer.Kind;
import io.hearth.plugins.rules.template.TemplateLexer.Token;
import io.hearth.plugins.rules.template.TemplateNode.Command;
import io.hearth.plugins.rules.template.TemplateNode.Control;
import io.hearth.plugins.rules.template.TemplateNode.Pipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the tree of a Go text/template from its tokens, checking as Go's parser does that every
 * function is known and every variable declared before use.
 */
final class TemplateParser {

    private final String name;
    private final String text;
    private final List<Token> tokens;
    private final Set<String> functions;
    private final Map<String, List<TemplateNode>> defined = new HashMap<>();
    private final List<String> variables = new ArrayList<>(List.of("$"));
    private int next;

    private TemplateParser(String name, String text, List<Token> tokens, Set<String> functions) {
        this.name = name;
        this.text = text;
        this.tokens = tokens;
        this.functions = functions;
    }

    /** The main template and the ones it defines with {@code define} or {@code block}. */
    record Parsed(List<TemplateNode> root, Map<String, List<TemplateNode>> defined) {
    }

    static Parsed parse(String name, String text, Set<String> functions) throws TemplateException {
        TemplateParser p = new TemplateParser(name, text, TemplateLexer.lex(name, text), functions);
        List<TemplateNode> root = new ArrayList<>();
        String end = p.list(root, true);
        if (end != null) {
            throw p.error("unexpected {{" + end + "}}");
        }
        return new Parsed(List.copyOf(root), Map.copyOf(p.defined));
    }

    private TemplateException error(String message) {
        Token t = tokens.get(Math.min(next, tokens.size() - 1));
        int line = 1;
        for (int i = 0; i < Math.min(t.pos(), text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return new TemplateException("template: " + name + ":" + line + ": " + message, true);
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token nextToken() {
        return tokens.get(next++);
    }

    private Token peekNonSpace() {
        while (peek().kind() == Kind.SPACE) {
            next++;
        }
        return peek();
    }

    private Token nextNonSpace() {
        peekNonSpace();
        return nextToken();
    }

    private void expectRight(String context) throws TemplateException {
        Token t = nextNonSpace();
        if (t.kind() != Kind.RIGHT) {
            throw error("unexpected " + describe(t) + " in " + context);
        }
    }

    private static String describe(Token t) {
        return t.kind() == Kind.EOF ? "EOF" : "\"" + t.text() + "\"";
    }

    /**
     * Parses nodes until {{end}}, {{else}} or the end of the text.
     *
     * @return "end", "else" (the parser then stands after the else keyword), or null at the end
     */
    private String list(List<TemplateNode> out, boolean topLevel) throws TemplateException {
        while (true) {
            Token t = nextToken();
            switch (t.kind()) {
                case EOF -> {
                    if (!topLevel) {
                        throw error("unexpected EOF");
                    }
                    return null;
                }
                case TEXT -> out.add(new TemplateNode.Text(t.pos(), (String) t.value()));
                case LEFT -> {
                    Token k = peekNonSpace();
                    if (k.kind() == Kind.KEYWORD) {
                        nextToken();
                        switch (k.text()) {
                            case "end" -> {
                                expectRight("end");
                                return "end";
                            }
                            case "else" -> {
                                return "else";
                            }
                            case "if" -> out.add(control(Control.Kind.IF, k.pos()));
                            case "with" -> out.add(control(Control.Kind.WITH, k.pos()));
                            case "range" -> out.add(control(Control.Kind.RANGE, k.pos()));
                            case "template" -> out.add(call(k.pos(), "template"));
                            case "define" -> define(false, k.pos());
                            case "block" -> out.add(define(true, k.pos()));
                            case "break", "continue" -> {
                                expectRight(k.text());
                                out.add(new TemplateNode.Jump(k.pos(), k.text().equals("break")));
                            }
                            default -> throw error("unexpected keyword " + k.text());
                        }
                    } else {
                        Pipeline pipe = pipeline("command", Kind.RIGHT);
                        out.add(new TemplateNode.Action(t.pos(), pipe));
                    }
                }
                default -> throw error("unexpected " + describe(t));
            }
        }
    }

    private Control control(Control.Kind kind, int pos) throws TemplateException {
        int scope = variables.size();
        Pipeline pipe = pipeline(kind.name().toLowerCase(java.util.Locale.ROOT), Kind.RIGHT);
        List<TemplateNode> body = new ArrayList<>();
        String end = list(body, false);
        List<TemplateNode> otherwise = new ArrayList<>();
        if ("else".equals(end)) {
            Token k = peekNonSpace();
            if (k.kind() == Kind.KEYWORD && (k.text().equals("if") && kind == Control.Kind.IF
                    || k.text().equals("with") && kind == Control.Kind.WITH)) {
                // {{else if x}} is {{else}}{{if x}}...{{end}} sharing the outer {{end}}
                nextToken();
                otherwise.add(control(kind, k.pos()));
            } else {
                expectRight("else");
                if (!"end".equals(list(otherwise, false))) {
                    throw error("expected end; found {{else}}");
                }
            }
        }
        variables.subList(scope, variables.size()).clear();
        return new Control(pos, kind, pipe, List.copyOf(body), List.copyOf(otherwise));
    }

    private TemplateNode call(int pos, String context) throws TemplateException {
        Token nameToken = nextNonSpace();
        if (nameToken.kind() != Kind.STRING) {
            throw error("unexpected " + describe(nameToken) + " in " + context + " clause");
        }
        Pipeline pipe = null;
        if (peekNonSpace().kind() != Kind.RIGHT) {
            pipe = pipeline(context, Kind.RIGHT);
        } else {
            nextToken();
        }
        return new TemplateNode.Call(pos, (String) nameToken.value(), pipe);
    }

    private TemplateNode define(boolean block, int pos) throws TemplateException {
        Token nameToken = nextNonSpace();
        if (nameToken.kind() != Kind.STRING) {
            throw error("unexpected " + describe(nameToken) + " in define clause");
        }
        String templateName = (String) nameToken.value();
        Pipeline pipe = null;
        if (block && peekNonSpace().kind() != Kind.RIGHT) {
            pipe = pipeline("block", Kind.RIGHT);
        } else {
            expectRight("define clause");
        }
        List<String> outer = new ArrayList<>(variables);
        variables.clear();
        variables.add("$");
        List<TemplateNode> body = new ArrayList<>();
        if (!"end".equals(list(body, false))) {
            throw error("unexpected {{else}} in define");
        }
        variables.clear();
        variables.addAll(outer);
        defined.put(templateName, List.copyOf(body));
        return new TemplateNode.Call(pos, templateName, pipe);
    }

    /** Parses a pipeline up to {@code end} (the closing delimiter or a right paren), consuming it. */
    private Pipeline pipeline(String context, Kind end) throws TemplateException {
        int pos = peekNonSpace().pos();
        List<String> declared = new ArrayList<>();
        boolean declare = false;
        int mark = next;
        Token v = peekNonSpace();
        if (v.kind() == Kind.VARIABLE && !v.text().contains(".")) {
            nextToken();
            Token op = nextNonSpace();
            if (op.kind() == Kind.DECLARE || op.kind() == Kind.ASSIGN) {
                declared.add(v.text());
                declare = op.kind() == Kind.DECLARE;
            } else if (op.kind() == Kind.COMMA && context.equals("range")) {
                Token second = nextNonSpace();
                Token op2 = nextNonSpace();
                if (second.kind() != Kind.VARIABLE || (op2.kind() != Kind.DECLARE && op2.kind() != Kind.ASSIGN)) {
                    throw error("range can only initialize variables");
                }
                declared.add(v.text());
                declared.add(second.text());
                declare = op2.kind() == Kind.DECLARE;
            } else {
                next = mark;
            }
        }
        List<Command> commands = new ArrayList<>();
        while (true) {
            Token t = peekNonSpace();
            if (t.kind() == end) {
                nextToken();
                break;
            }
            if (t.kind() == Kind.EOF || t.kind() == Kind.RIGHT || t.kind() == Kind.RIGHT_PAREN) {
                throw error("unexpected " + describe(t) + " in " + context);
            }
            commands.add(command(context, end));
            Token after = peekNonSpace();
            if (after.kind() == Kind.PIPE) {
                nextToken();
                if (peekNonSpace().kind() == end) {
                    throw error("missing command after |");
                }
            }
        }
        if (commands.isEmpty()) {
            throw error("missing value for " + context);
        }
        for (String d : declared) {
            if (declare) {
                variables.add(d);
            } else if (!variables.contains(d)) {
                throw error("undefined variable \"" + d + "\"");
            }
        }
        return new Pipeline(pos, List.copyOf(declared), declare, List.copyOf(commands));
    }

    private Command command(String context, Kind end) throws TemplateException {
        int pos = peekNonSpace().pos();
        List<TemplateNode> args = new ArrayList<>();
        while (true) {
            Token t = peekNonSpace();
            if (t.kind() == Kind.PIPE || t.kind() == end || t.kind() == Kind.RIGHT || t.kind() == Kind.RIGHT_PAREN
                    || t.kind() == Kind.EOF) {
                break;
            }
            args.add(operand());
        }
        if (args.isEmpty()) {
            throw error("empty command");
        }
        return new Command(pos, List.copyOf(args));
    }

    private TemplateNode operand() throws TemplateException {
        TemplateNode term = term();
        if (peek().kind() == Kind.FIELD) {
            Token f = nextToken();
            List<String> fields = Arrays.asList(f.text().substring(1).split("\\."));
            if (term instanceof TemplateNode.Field field) {
                List<String> all = new ArrayList<>(field.names());
                all.addAll(fields);
                return new TemplateNode.Field(field.pos(), List.copyOf(all));
            }
            if (term instanceof TemplateNode.Variable var) {
                List<String> all = new ArrayList<>(var.fields());
                all.addAll(fields);
                return new TemplateNode.Variable(var.pos(), var.name(), List.copyOf(all));
            }
            if (term instanceof TemplateNode.Constant || term instanceof TemplateNode.Nil || term instanceof TemplateNode.Dot) {
                throw error("unexpected . after term \"" + term + "\"");
            }
            return new TemplateNode.Chain(term.pos(), term, List.copyOf(fields));
        }
        return term;
    }

    private TemplateNode term() throws TemplateException {
        Token t = nextNonSpace();
        return switch (t.kind()) {
            case IDENTIFIER -> {
                if (!functions.contains(t.text())) {
                    throw error("function \"" + t.text() + "\" not defined");
                }
                yield new TemplateNode.Identifier(t.pos(), t.text());
            }
            case DOT -> new TemplateNode.Dot(t.pos());
            case NIL -> new TemplateNode.Nil(t.pos());
            case VARIABLE -> {
                String[] parts = t.text().split("\\.");
                if (!variables.contains(parts[0])) {
                    throw error("undefined variable \"" + parts[0] + "\"");
                }
                yield new TemplateNode.Variable(t.pos(), parts[0], List.of(parts).subList(1, parts.length));
            }
            case FIELD -> new TemplateNode.Field(t.pos(), List.of(t.text().substring(1).split("\\.")));
            case BOOL -> new TemplateNode.Constant(t.pos(), t.text().equals("true"), t.text());
            case NUMBER, CHAR, STRING -> new TemplateNode.Constant(t.pos(), t.value(), t.text());
            case LEFT_PAREN -> pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
            default -> throw error("unexpected " + describe(t) + " in operand");
        };
    }
}
