package io.hearth.plugins.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** XXH64 against published test vectors, short and longer than one 32-byte stripe. */
class XxHash64Test {

    @Test
    void matchesPublishedVectors() {
        assertEquals(0xEF46DB3751D8E999L, XxHash64.hash(new byte[0]));
        assertEquals(0x44BC2CF5AD770999L, XxHash64.hash("abc".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0xFBCEA83C8A378BF1L,
                XxHash64.hash("Nobody inspects the spammish repetition".getBytes(StandardCharsets.UTF_8)));
    }
}
