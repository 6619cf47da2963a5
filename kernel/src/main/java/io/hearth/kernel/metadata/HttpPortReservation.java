package io.hearth.kernel.metadata;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Holds the HTTP server's address ({@code server.host}, {@code server.port}) while something else
 * in this process binds a port the system picks, so the system cannot pick the one the HTTP
 * server is about to listen on.
 */
final class HttpPortReservation {

    private static final Logger LOG = Logger.getLogger(HttpPortReservation.class.getName());

    private HttpPortReservation() {
    }

    /**
     * @param config the server's configuration
     * @return a socket bound to the HTTP address, for the caller to close; null when
     *     the port is chosen by the system ({@code 0}) or cannot be held now (taken already: the
     *     HTTP server will then report it)
     */
    static ServerSocket hold(Config config) {
        int port = config.getOptionalValue("server.port", Integer.class).orElse(0);
        if (port <= 0) {
            return null;
        }
        String host = config.getOptionalValue("server.host", String.class).orElse("0.0.0.0");
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
            return socket;
        } catch (IOException e) {
            LOG.fine(() -> "cannot hold " + host + ":" + port + " while the metadata store binds: " + e);
            closeQuietly(socket);
            return null;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // it never listened
            }
        }
    }
}
