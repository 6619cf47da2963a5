package io.hearth.kernel.plugin;

/** The plugins found do not match the configuration; the server must not start. */
public final class PluginStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PluginStartupException(String message) {
        super(message);
    }

    public PluginStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
