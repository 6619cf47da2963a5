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
     */
    public static HearthServer start(Map<String, String> flags) {
        io.hearth.kernel.http.GlobalHeaderMappers.pin(); // before anything reads the registry's mappers
        Config config = HearthConfig.build(flags);
        Server server = Server.builder().config(config).build().start();
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
