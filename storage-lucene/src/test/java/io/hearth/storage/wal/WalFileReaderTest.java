package io.hearth.storage.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hearth.storage.testing.Seeded;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The frame reader with read buffers far smaller than the file, so frames straddle every refill. */
@ExtendWith(Seeded.class)
class WalFileReaderTest {

    @TempDir
    Path tmp;

    @Test
    void framesStraddlingBufferRefillsReadBackExactly(Random r) throws Exception {
        WalOptions options = new WalOptions(1 << 20);
        Path dir = tmp.resolve("wal");
        List<byte[]> model = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, options, null)) {
            for (int i = 0; i < 400; i++) {
                byte[] b = new byte[r.nextInt(10) == 0 ? r.nextInt(5000) : r.nextInt(100)];
                r.nextBytes(b);
                model.add(b);
                wal.append(ByteBuffer.wrap(b));
            }
        }
        Path segment = dir.resolve(WriteAheadLog.segmentName(0));
        for (int round = 0; round < 20; round++) {
            int bufferBytes = 1 + r.nextInt(r.nextBoolean() ? 64 : 8192);
            try (WalFileReader in = new WalFileReader(segment, FileHeader.SEGMENT, 0, options.maxRecordBytes(),
                    bufferBytes)) {
                int i = 0;
                for (ByteBuffer rec = in.next(); rec != null; rec = in.next()) {
                    byte[] got = new byte[rec.remaining()];
                    rec.get(got);
                    assertArrayEquals(model.get(i), got, "record " + i + " with a " + bufferBytes + "-byte buffer");
                    i++;
                }
                assertNull(in.corruption(), "with a " + bufferBytes + "-byte buffer");
                assertEquals(model.size(), i);
                assertEquals(Files.size(segment), in.goodBytes());
            }
        }
    }
}
