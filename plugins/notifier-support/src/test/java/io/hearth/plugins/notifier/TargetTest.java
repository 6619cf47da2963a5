package io.hearth.plugins.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void appendsThePathToTheBaseUrlAndItsPrefix() {
        assertEquals(URI.create("http://127.0.0.1:9093/api/v2/alerts"), Target.of("http://127.0.0.1:9093", "/api/v2/alerts").endpoint());
        assertEquals(URI.create("http://127.0.0.1:9093/api/v2/alerts"), Target.of("http://127.0.0.1:9093/", "/api/v2/alerts").endpoint());
        assertEquals(URI.create("https://am.example:8443/alertmanager/api/v2/alerts"),
                Target.of(" https://am.example:8443/alertmanager/ ", "/api/v2/alerts").endpoint());
        assertEquals(URI.create("http://hook.example/x/?token=1"), Target.of("http://hook.example/x/?token=1", "").endpoint());
        assertNull(Target.of("http://127.0.0.1:9093", "").authorization());
    }

    @Test
    void credentialsInTheUrlBecomeBasicAuthAndNeverShow() {
        Target t = Target.of("http://alice:s%40cret@127.0.0.1:9093/prefix", "/api/v2/alerts");
        assertEquals(URI.create("http://127.0.0.1:9093/prefix/api/v2/alerts"), t.endpoint());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:s@cret".getBytes(StandardCharsets.UTF_8)), t.authorization());
        assertFalse(t.toString().contains("cret"));
    }

    @Test
    void refusesWhatIsNotHttp() {
        assertThrows(IllegalArgumentException.class, () -> Target.of("ftp://127.0.0.1/", ""));
        assertThrows(IllegalArgumentException.class, () -> Target.of("127.0.0.1:9093", ""));
        assertThrows(IllegalArgumentException.class, () -> Target.of("http:///nohost", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Target.of("ftp://bob:pw@h/", ""));
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
    }
}
