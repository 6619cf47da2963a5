package io.hearth.plugins.rules.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions every Go template has: {@code not}, {@code eq}, {@code ne}, {@code lt},
 * {@code le}, {@code gt}, {@code ge}, {@code len}, {@code index}, {@code print}, {@code printf},
 * {@code println}, {@code urlquery}, {@code html}, {@code js}. ({@code and} and {@code or} stop
 * at the first deciding argument, so the executor evaluates them itself.)
 */
final class BuiltinFunctions {

    private BuiltinFunctions() {
    }

    static Map<String, TemplateFunction> all() {
        Map<String, TemplateFunction> f = new HashMap<>();
        f.put("not", args -> {
            TemplateFunction.arity("not", args, 1);
            return !TemplateExecutor.truth(args.get(0));
        });
        f.put("eq", BuiltinFunctions::eq);
        f.put("ne", args -> {
            TemplateFunction.arity("ne", args, 2);
            return compare(args.get(0), args.get(1), true) != 0;
        });
        f.put("lt", args -> {
            TemplateFunction.arity("lt", args, 2);
            return compare(args.get(0), args.get(1), false) < 0;
        });
        f.put("le", args -> {
            TemplateFunction.arity("le", args, 2);
            return compare(args.get(0), args.get(1), false) <= 0;
        });
        f.put("gt", args -> {
            TemplateFunction.arity("gt", args, 2);
            return compare(args.get(0), args.get(1), false) > 0;
        });
        f.put("ge", args -> {
            TemplateFunction.arity("ge", args, 2);
            return compare(args.get(0), args.get(1), false) >= 0;
        });
        f.put("len", args -> {
            TemplateFunction.arity("len", args, 1);
            return switch (args.get(0)) {
                case String s -> (long) s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                case GoMap m -> (long) m.entries().size();
                case QueryResult r -> (long) r.samples().size();
                case List<?> l -> (long) l.size();
                case null, default -> throw new TemplateException.Failure("len of type " + GoFmt.typeName(args.get(0)));
            };
        });
        f.put("index", BuiltinFunctions::index);
        f.put("print", GoFmt::sprint);
        f.put("println", GoFmt::sprintln);
        f.put("printf", args -> {
            if (args.isEmpty()) {
                throw new TemplateException.BadArguments("wrong number of args for printf: want at least 1 got 0");
            }
            return GoFmt.sprintf(TemplateFunction.string(args, 0), args.subList(1, args.size()));
        });
        f.put("urlquery", args -> UrlQuery.escape(GoFmt.sprint(args)));
        f.put("html", args -> GoFmt.sprint(args).replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;")
                .replace(">", "&gt;").replace("\"", "&#34;").replace("\u0000", "\uFFFD"));
        f.put("js", args -> {
            StringBuilder sb = new StringBuilder();
            for (char c : GoFmt.sprint(args).toCharArray()) {
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '\'' -> sb.append("\\'");
                    case '"' -> sb.append("\\\"");
                    case '<' -> sb.append("\\u003C");
                    case '>' -> sb.append("\\u003E");
                    case '&' -> sb.append("\\u0026");
                    case '=' -> sb.append("\\u003D");
                    default -> sb.append(c < ' ' ? String.format("\\u%04X", (int) c) : String.valueOf(c));
                }
            }
            return sb.toString();
        });
        return f;
    }

    private static Object eq(List<Object> args) {
        if (args.isEmpty()) {
            throw new TemplateException.Failure("missing argument for comparison");
        }
        if (args.size() == 1) {
            throw new TemplateException.Failure("missing argument for comparison");
        }
        for (int i = 1; i < args.size(); i++) {
            if (compare(args.get(0), args.get(i), true) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Go's comparison of basic kinds; ints and floats do not mix ("incompatible types for comparison"). */
    static int compare(Object a, Object b, boolean equality) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            if (x.isNaN() || y.isNaN()) {
                return equality ? 1 : 2; // NaN is unequal and unordered: every test false but ne
            }
            return Double.compare(x == 0 ? 0.0 : x, y == 0 ? 0.0 : y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            if (!equality) {
                throw new TemplateException.Failure("invalid type for comparison");
            }
            return x.equals(y) ? 0 : 1;
        }
        if (equality && (a == null || b == null)) {
            return a == b ? 0 : 1;
        }
        if (isBasic(a) && isBasic(b)) {
            throw new TemplateException.Failure("incompatible types for comparison");
        }
        if (equality && !(isBasic(a) || isBasic(b))) {
            return a.equals(b) ? 0 : 1;
        }
        throw new TemplateException.Failure(equality ? "incompatible types for comparison" : "invalid type for comparison");
    }

    private static boolean isBasic(Object o) {
        return o instanceof Long || o instanceof Double || o instanceof String || o instanceof Boolean;
    }

    private static Object index(List<Object> args) {
        if (args.isEmpty()) {
            throw new TemplateException.BadArguments("wrong number of args for index: want at least 1 got 0");
        }
        Object item = args.get(0);
        for (int i = 1; i < args.size(); i++) {
            Object key = args.get(i);
            if (item instanceof GoMap m) {
                if (!(key instanceof String s)) {
                    throw new TemplateException.Failure("value has type " + GoFmt.typeName(key) + "; should be string");
                }
                item = m.select(s, List.of());
            } else if (item instanceof List<?> || item instanceof QueryResult || item instanceof String) {
                if (!(key instanceof Long k)) {
                    throw new TemplateException.Failure("cannot index slice/array with type " + GoFmt.typeName(key));
                }
                int size = item instanceof QueryResult r ? r.samples().size()
                        : item instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                        : ((List<?>) item).size();
                if (k < 0 || k >= size) {
                    throw new TemplateException.Failure("index out of range: " + k);
                }
                item = item instanceof QueryResult r ? r.samples().get((int) (long) k)
                        : item instanceof String s ? (long) (s.getBytes(java.nio.charset.StandardCharsets.UTF_8)[(int) (long) k] & 0xff)
                        : ((List<?>) item).get((int) (long) k);
            } else if (item == null) {
                throw new TemplateException.Failure("index of untyped nil");
            } else {
                throw new TemplateException.Failure("can't index item of type " + GoFmt.typeName(item));
            }
        }
        return item;
    }
}
