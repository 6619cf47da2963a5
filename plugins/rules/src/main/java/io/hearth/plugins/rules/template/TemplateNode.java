package io.hearth.plugins.rules.template;

import java.util.List;

/**
 * The parse tree of a Go text/template, immutable. {@code pos} is the node's offset in the
 * template text, from which error messages compute {@code line:column} as Go does; {@code toString}
 * prints the node as Go's error context does.
 */
sealed interface TemplateNode {

    /** @return the offset of the node in the template text */
    int pos();

    /** Literal text between actions. */
    record Text(int pos, String text) implements TemplateNode {
    }

    /** {@code {{pipeline}}}: prints the value unless the pipeline declares a variable. */
    record Action(int pos, Pipeline pipeline) implements TemplateNode {
        @Override
        public String toString() {
            return "{{" + pipeline + "}}";
        }
    }

    /** {@code if}, {@code with} and {@code range}: a pipeline, a body, and an optional else body. */
    record Control(int pos, Kind kind, Pipeline pipeline, List<TemplateNode> body, List<TemplateNode> otherwise)
            implements TemplateNode {
        enum Kind { IF, WITH, RANGE }
    }

    /** {@code {{template "name" pipeline}}}. */
    record Call(int pos, String name, Pipeline pipeline) implements TemplateNode {
    }

    /** {@code {{break}}} or {@code {{continue}}} inside a range. */
    record Jump(int pos, boolean isBreak) implements TemplateNode {
    }

    /** Commands joined by {@code |}, optionally declaring or assigning variables. */
    record Pipeline(int pos, List<String> variables, boolean declare, List<Command> commands) implements TemplateNode {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (!variables.isEmpty()) {
                sb.append(String.join(", ", variables)).append(declare ? " := " : " = ");
            }
            for (int i = 0; i < commands.size(); i++) {
                if (i > 0) {
                    sb.append(" | ");
                }
                sb.append(commands.get(i));
            }
            return sb.toString();
        }
    }

    /** One command: a function or method call with arguments, or a single operand. */
    record Command(int pos, List<TemplateNode> args) implements TemplateNode {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                TemplateNode a = args.get(i);
                sb.append(a instanceof Pipeline ? "(" + a + ")" : a.toString());
            }
            return sb.toString();
        }
    }

    /** A function name. */
    record Identifier(int pos, String name) implements TemplateNode {
        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code .A.B}: fields of dot. */
    record Field(int pos, List<String> names) implements TemplateNode {
        @Override
        public String toString() {
            return "." + String.join(".", names);
        }
    }

    /** {@code $x.A.B}: a variable and optional fields. */
    record Variable(int pos, String name, List<String> fields) implements TemplateNode {
        @Override
        public String toString() {
            return fields.isEmpty() ? name : name + "." + String.join(".", fields);
        }
    }

    /** {@code (pipeline).A.B}: fields of a parenthesised value. */
    record Chain(int pos, TemplateNode operand, List<String> fields) implements TemplateNode {
        @Override
        public String toString() {
            String base = operand instanceof Pipeline ? "(" + operand + ")" : operand.toString();
            return base + "." + String.join(".", fields);
        }
    }

    /** {@code .} */
    record Dot(int pos) implements TemplateNode {
        @Override
        public String toString() {
            return ".";
        }
    }

    /** {@code nil} */
    record Nil(int pos) implements TemplateNode {
        @Override
        public String toString() {
            return "nil";
        }
    }

    /** A constant: a string, a number ({@link Long} or {@link Double}) or a boolean, with its source text. */
    record Constant(int pos, Object value, String text) implements TemplateNode {
        @Override
        public String toString() {
            return text;
        }
    }
}
