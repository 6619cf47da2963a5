package io.hearth.kernel;

import io.hearth.kernel.config.HearthConfig;
import io.helidon.microprofile.server.Server;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * A running Hearth server in this process: what {@code bin/hearth} starts, and what tests start
 * with their own settings. One per process.
 */
public final class HearthServer implements AutoCloseable {

    private final Server server;

    private HearthServer(Server server) {
        this.server = server;
    }

    /**
     * Builds the configuration and starts the server; returns once it accepts requests.
     *
     * @param flags configuration properties that take precedence over every other source
     * @return the running server
     * @throws IllegalStateException when the HTTP listener could not open (most often: the port is
     *     taken); everything else that started is stopped again first
     */
    public static HearthServer start(Map<String, String> flags) {
        io.hearth.kernel.http.GlobalHeaderMappers.pin(); // before anything reads the registry's mappers
        Config config = HearthConfig.build(flags);
        Server server = Server.builder().config(config).build().start();
        if (server.port() < 0) {
            // Helidon logs the bind failure and returns a server without a listener; the storage,
            // metadata and rule threads it started would keep the process alive, deaf, forever.
            String address = config.getValue("server.host", String.class) + ":" + config.getValue("server.port", String.class);
            server.stop();
            throw new IllegalStateException("the HTTP server could not listen on " + address
                    + " (the reason is logged above; most often another process holds the port)");
        }
        return new HearthServer(server);
    }

    /** @return the port it listens on */
    public int port() {
        return server.port();
    }

    /**
     * Stops accepting connections, lets in-flight requests finish (up to
     * {@code server.shutdown-grace-period}), then closes storage and metadata.
     */
    @Override
    public void close() {
        server.stop();
    }
}
