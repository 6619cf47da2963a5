package io.hearth.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CORS headers as Prometheus's SetCORS writes them, for its default origin and a configured one. */
class CorsHeadersTest {

    private static final List<String> FOR_AN_ORIGIN = List.of(
            "Vary: Origin",
            "Access-Control-Allow-Headers: Accept, Authorization, Content-Type, Origin",
            "Access-Control-Allow-Methods: GET, POST, OPTIONS",
            "Access-Control-Expose-Headers: Date");

    private static List<String> headers(CorsHeaders cors, String origin) {
        List<String> written = new ArrayList<>();
        cors.addTo(origin, (name, value) -> written.add(name + ": " + value));
        return written;
    }

    private static List<String> plus(String last) {
        List<String> all = new ArrayList<>(FOR_AN_ORIGIN);
        all.add(last);
        return all;
    }

    @Test
    void withoutAnOriginOnlyVary() {
        CorsHeaders cors = new CorsHeaders(".*");
        assertEquals(List.of("Vary: Origin"), headers(cors, null));
        assertEquals(List.of("Vary: Origin"), headers(cors, ""));
    }

    @Test
    void theDefaultAllowsEveryOriginAsAStar() {
        assertEquals(plus("Access-Control-Allow-Origin: *"), headers(new CorsHeaders(".*"), "https://a.example"));
    }

    @Test
    void aConfiguredExpressionIsAnchoredAndEchoesTheOriginItAllows() {
        CorsHeaders cors = new CorsHeaders("https?://(grafana|dash)\\.example");
        assertEquals(plus("Access-Control-Allow-Origin: http://dash.example"), headers(cors, "http://dash.example"));
        // anchored both ends, as Prometheus compiles ^(?:...)$
        assertEquals(FOR_AN_ORIGIN, headers(cors, "https://grafana.example.evil"));
        assertEquals(FOR_AN_ORIGIN, headers(cors, "evil-https://grafana.example"));
        // an alternation at the top stays inside the anchors
        CorsHeaders either = new CorsHeaders("https://a\\.example|https://b\\.example");
        assertEquals(FOR_AN_ORIGIN, headers(either, "https://a.example.evil"));
        assertEquals(plus("Access-Control-Allow-Origin: https://b.example"), headers(either, "https://b.example"));
        // another expression matching everything still echoes rather than answering *
        assertEquals(plus("Access-Control-Allow-Origin: https://x"), headers(new CorsHeaders(".+"), "https://x"));
    }

    @Test
    void anExpressionThatDoesNotCompileNamesTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CorsHeaders("(unclosed"));
        assertTrue(e.getMessage().startsWith("hearth.cors.origin is not a regular expression"), e.getMessage());
    }
}
