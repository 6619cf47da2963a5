package io.hearth.kernel.metadata;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.kernel.config.HearthConfig;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class HttpPortReservationTest {

    @Test
    void whileHeldNoOtherSocketGetsTheConfiguredPortAndAfterwardsTheServerCanBindIt() throws Exception {
        int port = freePort();
        try (ServerSocket held = HttpPortReservation.hold(config("127.0.0.1", port))) {
            assertNotNull(held);
            assertThrows(BindException.class, () -> bind(port).close());
        }
        bind(port).close();
    }

    @Test
    void aPortTheSystemPicksOrOneAlreadyTakenIsNotHeld() throws Exception {
        assertNull(HttpPortReservation.hold(config("127.0.0.1", 0)));
        try (ServerSocket taken = bind(0)) {
            assertNull(HttpPortReservation.hold(config("127.0.0.1", taken.getLocalPort())));
        }
    }

    private static Config config(String host, int port) {
        return HearthConfig.build(Map.of("hearth.host", host, "hearth.port", Integer.toString(port)));
    }

    private static ServerSocket bind(int port) throws Exception {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (BindException e) {
            socket.close();
            throw e;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = bind(0)) {
            return socket.getLocalPort();
        }
    }
}
