package io.hearth.kernel.amp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BlobTest {

    @Test
    void decodesBase64ToUtf8Text() {
        String text = "groups: [] # ü";
        assertEquals(text, Blob.decode(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)), "a rule file"));
    }

    @Test
    void acceptsExactlyTheLimit() {
        String data = Base64.getEncoder().encodeToString(new byte[Blob.MAX_BYTES]);
        assertEquals(Blob.MAX_BYTES, Blob.decode(data, "a rule file").length());
    }

    @Test
    void refusesMissingMalformedAndOversizedData() {
        assertRefused(null, "data is required", "\"fieldList\"");
        assertRefused("", "data is required", "\"fieldList\"");
        assertRefused("not base64!", "data must be base64-encoded", "CANNOT_PARSE");
        assertRefused(Base64.getEncoder().encodeToString(new byte[Blob.MAX_BYTES + 1]),
                "an alert manager definition may hold at most 1048576 bytes", "\"fieldList\"");
    }

    private static void assertRefused(String data, String message, String inBody) {
        AmpException e = assertThrows(AmpException.class, () -> Blob.decode(data, "an alert manager definition"));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.body().toString().contains(inBody), e.body().toString());
    }
}
