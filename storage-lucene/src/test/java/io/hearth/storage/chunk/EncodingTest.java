package io.hearth.storage.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Encoding ids as stored: every byte names the encoding with that id or is refused. */
class EncodingTest {

    @Test
    void everyByteResolvesToItsEncodingOrIsRefused() {
        Set<Encoding> found = EnumSet.noneOf(Encoding.class);
        for (int i = 0; i < 256; i++) {
            byte id = (byte) i;
            Encoding known = null;
            for (Encoding e : Encoding.values()) {
                if (e.id() == id) {
                    known = e;
                }
            }
            if (known == null) {
                ChunkFormatException e = assertThrows(ChunkFormatException.class, () -> Encoding.of(id));
                assertEquals("unknown chunk encoding id " + i, e.getMessage());
            } else {
                assertSame(known, Encoding.of(id));
                found.add(known);
            }
        }
        assertEquals(EnumSet.allOf(Encoding.class), found);
    }
}
