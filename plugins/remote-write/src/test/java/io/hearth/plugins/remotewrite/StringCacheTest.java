package io.hearth.plugins.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringCacheTest {

    private final StringCache cache = new StringCache();

    /** Reads every length-prefixed string of {@code buffer} through the cache. */
    private List<String> readAll(byte[] buffer) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(buffer);
        List<String> out = new ArrayList<>();
        while (!in.isAtEnd()) {
            out.add(cache.read(in, buffer, buffer.length));
        }
        return out;
    }

    private static byte[] prefixed(byte[]... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] s : strings) {
            int n = s.length;
            while (n >= 0x80) {
                out.write((n & 0x7f) | 0x80);
                n >>>= 7;
            }
            out.write(n);
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    @Test
    void everyLengthReadsBackAsDecodedAndHitsGiveTheSameInstance() throws IOException {
        for (int length = 0; length <= 300; length++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append((char) ('a' + (i * 7 + length) % 26));
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            // last in the buffer (no whole word after it) and followed by more bytes
            byte[] buffer = prefixed(bytes, "x".getBytes(StandardCharsets.UTF_8), bytes);
            List<String> read = readAll(buffer);
            assertEquals(text.toString(), read.get(0));
            assertEquals(text.toString(), read.get(2));
            if (length > 0 && length <= 256) {
                assertSame(read.get(0), read.get(2), "a hit at length " + length);
            }
        }
    }

    @Test
    void stringsThatDifferOnlyInTrailingZerosOrOneByteAreDifferent() throws IOException {
        List<String> read = readAll(prefixed(new byte[] {'a'}, new byte[] {'a', 0}, new byte[] {'a', 0, 0, 0, 0, 0, 0, 0, 0},
                "0123456789abcdef".getBytes(StandardCharsets.UTF_8), "0123456789abcdeg".getBytes(StandardCharsets.UTF_8),
                "01234567".getBytes(StandardCharsets.UTF_8), "01234568".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("a", "a\0", "a\0\0\0\0\0\0\0\0", "0123456789abcdef", "0123456789abcdeg", "01234567", "01234568"), read);
    }

    @Test
    void randomUtf8StringsAgreeWithPlainDecoding() throws IOException {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String[] pieces = {"a", "Z", "_", "0", "é", "€", "😀", "\0", ":"};
        List<String> expected = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                s.append(pieces[random.nextInt(pieces.length)]);
            }
            expected.add(s.toString());
            encoded.add(s.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] buffer = prefixed(encoded.toArray(new byte[0][]));
        assertEquals(expected, readAll(buffer), "seed " + seed);
        assertEquals(expected, readAll(buffer), "seed " + seed + ", second pass (hits)");
    }

    @Test
    void invalidUtf8IsRefusedEveryTime() {
        byte[] buffer = prefixed(new byte[] {'o', 'k', (byte) 0xff});
        for (int i = 0; i < 2; i++) {
            assertThrows(InvalidProtocolBufferException.class, () -> readAll(buffer));
        }
    }
}
