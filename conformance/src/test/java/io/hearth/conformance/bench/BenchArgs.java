package io.hearth.conformance.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name=value} arguments of a bench, with defaults, refusing names it does not know. */
final class BenchArgs {

    private final Map<String, String> values = new HashMap<>();

    BenchArgs(String[] args, Set<String> known, String usage) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0 || !known.contains(arg.substring(2, eq))) {
                throw new IllegalArgumentException("unknown argument " + arg + "\nusage: " + usage);
            }
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
    }

    int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    double decimal(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }
}
