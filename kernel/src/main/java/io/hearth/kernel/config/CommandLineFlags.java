package io.hearth.kernel.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns {@code bin/hearth}'s flags into configuration properties.
 *
 * <p>The short flags {@code --host}, {@code --port}, {@code --data-dir} and {@code --config} map to
 * {@code hearth.host}, {@code hearth.port}, {@code hearth.data-dir} and {@code hearth.config}; any
 * other setting can be given as {@code --hearth.some.name=value}. Both {@code --flag value} and
 * {@code --flag=value} are accepted.
 */
public final class CommandLineFlags {

    private static final Map<String, String> SHORT = Map.of(
            "host", "hearth.host",
            "port", "hearth.port",
            "data-dir", "hearth.data-dir",
            "config", "hearth.config");

    private CommandLineFlags() {
    }

    /** A flag that is not known or lacks its value. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses the arguments.
     *
     * @param args the command line, without the program name
     * @return property name to value, in the order given
     * @throws UsageException on an unknown flag, a flag without a value, or a stray argument
     */
    public static Map<String, String> parse(String... args) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String flag = arg.substring(2);
            String value = null;
            int eq = flag.indexOf('=');
            if (eq >= 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            String property = SHORT.get(flag);
            if (property == null && flag.startsWith("hearth.")) {
                property = flag;
            }
            if (property == null) {
                throw new UsageException("unknown flag '--" + flag + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("flag '--" + flag + "' needs a value");
                }
                value = args[++i];
            }
            properties.put(property, value);
        }
        return properties;
    }

    /** @return the usage text printed for {@code --help} and on a usage error */
    public static String usage() {
        return """
                Usage: hearth [--host ADDRESS] [--port PORT] [--data-dir DIR] [--config FILE] [--hearth.NAME=VALUE ...]

                  --host       address to listen on (hearth.host, HEARTH_HOST; default 0.0.0.0)
                  --port       port to listen on (hearth.port, HEARTH_PORT; default 9009)
                  --data-dir   where workspaces and metadata are kept (hearth.data-dir, HEARTH_DATA_DIR; default ./data)
                  --config     properties file (hearth.config, HEARTH_CONFIG; default conf/hearth.properties)
                  --hearth.X=V any other setting; see conf/hearth.properties

                Settings are read from flags, then environment variables, then the properties file, then defaults.
                """;
    }
}
