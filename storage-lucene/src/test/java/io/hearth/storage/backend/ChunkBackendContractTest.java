package io.hearth.storage.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.chunk.ChunkBackend;
import io.hearth.spi.chunk.ChunkReader;
import io.hearth.spi.chunk.ChunkWriter;
import io.hearth.spi.chunk.WorkspaceChunks;
import io.hearth.storage.testing.Seeded;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link ChunkBackend}, for every backend to extend: a block's chunk stream is
 * written once and read back by offset byte for byte, appears only when finished (never half
 * written), survives re-creating the backend, is deleted alone, and workspaces do not see each
 * other's blocks. Random streams come from a seed printed on failure.
 */
@ExtendWith(Seeded.class)
public abstract class ChunkBackendContractTest {

    /** A backend keeping its state in (or beside) {@code root}; calling it twice gives the same data. */
    protected abstract ChunkBackend backend(Path root) throws IOException;

    @TempDir
    Path root;

    /** Writes random pieces (some larger than a typical write buffer); returns them with their offsets. */
    private static List<long[]> writeRandom(ChunkWriter w, Random rnd, List<byte[]> pieces) throws IOException {
        List<long[]> at = new ArrayList<>();
        int n = 1 + rnd.nextInt(300);
        for (int i = 0; i < n; i++) {
            int len = rnd.nextInt(20) == 0 ? 1 + rnd.nextInt(3 << 20) : rnd.nextInt(400);
            byte[] b = new byte[len];
            rnd.nextBytes(b);
            long size = w.size();
            long off = w.append(ByteBuffer.wrap(b));
            assertEquals(size, off, "an append starts where the stream ended");
            assertEquals(size + len, w.size());
            pieces.add(b);
            at.add(new long[] {off, len});
        }
        return at;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void finishedStreamReadsBackByOffsetAfterTheBackendIsRecreated(Random rnd) throws IOException {
        Path ws = root.resolve("ws-a");
        List<byte[]> pieces = new ArrayList<>();
        List<long[]> at;
        long total;
        try (ChunkBackend backend = backend(root); WorkspaceChunks chunks = backend.workspace("ws-a", ws)) {
            try (ChunkWriter w = chunks.create("01BLOCKA")) {
                at = writeRandom(w, rnd, pieces);
                total = w.size();
                w.finish();
            }
            assertEquals(List.of("01BLOCKA"), chunks.blocks());
        }
        try (ChunkBackend backend = backend(root); WorkspaceChunks chunks = backend.workspace("ws-a", ws);
                ChunkReader r = chunks.open("01BLOCKA")) {
            assertEquals(total, r.size());
            for (int i = 0; i < pieces.size(); i++) {
                ByteBuffer b = r.read(at.get(i)[0], (int) at.get(i)[1]);
                assertEquals(0, b.position());
                assertArrayEquals(pieces.get(i), bytes(b), "piece " + i);
            }
            // ranges that cross piece boundaries read the concatenation
            if (total > 10) {
                long off = rnd.nextLong(total - 5);
                int len = (int) Math.min(total - off, 1 + rnd.nextInt(5000));
                assertEquals(len, r.read(off, len).remaining());
            }
            assertEquals(0, r.read(total, 0).remaining());
        }
    }

    @Test
    void unfinishedStreamIsNeitherListedNorReadable() throws IOException {
        try (ChunkBackend backend = backend(root); WorkspaceChunks chunks = backend.workspace("ws", root.resolve("ws"))) {
            ChunkWriter w = chunks.create("01UNFINISHED");
            w.append(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            assertEquals(List.of(), chunks.blocks());
            assertThrows(IOException.class, () -> chunks.open("01UNFINISHED"));
            w.close(); // abandoned
            assertEquals(List.of(), chunks.blocks());
            try (ChunkWriter again = chunks.create("01UNFINISHED")) {
                again.append(ByteBuffer.wrap(new byte[] {9}));
                again.finish();
            }
            try (ChunkReader r = chunks.open("01UNFINISHED")) {
                assertEquals(1, r.size());
                assertEquals(9, r.read(0, 1).get(0));
            }
        }
    }

    @Test
    void aFinishedBlockCannotBeCreatedAgain() throws IOException {
        try (ChunkBackend backend = backend(root); WorkspaceChunks chunks = backend.workspace("ws", root.resolve("ws"))) {
            try (ChunkWriter w = chunks.create("01ONCE")) {
                w.finish();
            }
            assertThrows(IOException.class, () -> chunks.create("01ONCE").close());
            try (ChunkReader r = chunks.open("01ONCE")) {
                assertEquals(0, r.size());
            }
        }
    }

    @Test
    void writingAfterFinishFails() throws IOException {
        try (ChunkBackend backend = backend(root); WorkspaceChunks chunks = backend.workspace("ws", root.resolve("ws"));
                ChunkWriter w = chunks.create("01DONE")) {
            w.finish();
            assertThrows(IllegalStateException.class, () -> w.append(ByteBuffer.wrap(new byte[1])));
        }
    }

    @Test
    void readsOutsideTheStreamFail() throws IOException {
        try (ChunkBackend backend = backend(root); WorkspaceChunks chunks = backend.workspace("ws", root.resolve("ws"))) {
            try (ChunkWriter w = chunks.create("01SMALL")) {
                w.append(ByteBuffer.wrap(new byte[10]));
                w.finish();
            }
            try (ChunkReader r = chunks.open("01SMALL")) {
                assertThrows(IndexOutOfBoundsException.class, () -> r.read(5, 6));
                assertThrows(IndexOutOfBoundsException.class, () -> r.read(-1, 1));
                assertThrows(IndexOutOfBoundsException.class, () -> r.read(11, 0));
            }
        }
    }

    @Test
    void deleteRemovesOneBlockAndToleratesMissingOnes() throws IOException {
        try (ChunkBackend backend = backend(root); WorkspaceChunks chunks = backend.workspace("ws", root.resolve("ws"))) {
            for (String id : List.of("01A", "01B", "01C")) {
                try (ChunkWriter w = chunks.create(id)) {
                    w.append(ByteBuffer.wrap(id.getBytes()));
                    w.finish();
                }
            }
            chunks.delete("01B");
            chunks.delete("01NEVER");
            assertEquals(List.of("01A", "01C"), chunks.blocks());
            assertThrows(IOException.class, () -> chunks.open("01B"));
            ChunkWriter half = chunks.create("01HALF");
            half.append(ByteBuffer.wrap(new byte[5]));
            chunks.delete("01HALF"); // a half-written stream can be deleted too
            half.close();
            assertEquals(List.of("01A", "01C"), chunks.blocks());
        }
    }

    @Test
    void workspacesAreIsolatedAndDeletedWhole() throws IOException {
        Path a = root.resolve("ws-a");
        Path b = root.resolve("ws-b");
        try (ChunkBackend backend = backend(root)) {
            try (WorkspaceChunks ca = backend.workspace("ws-a", a); WorkspaceChunks cb = backend.workspace("ws-b", b)) {
                try (ChunkWriter w = ca.create("01X")) {
                    w.append(ByteBuffer.wrap(new byte[] {1}));
                    w.finish();
                }
                assertEquals(List.of("01X"), ca.blocks());
                assertEquals(List.of(), cb.blocks());
            }
            backend.deleteWorkspace("ws-a", a);
            backend.deleteWorkspace("ws-never", root.resolve("ws-never"));
            try (WorkspaceChunks ca = backend.workspace("ws-a", a)) {
                assertEquals(List.of(), ca.blocks());
            }
        }
    }

    @Test
    void concurrentReadersSeeTheSameBytes(Random rnd) throws Exception {
        List<byte[]> pieces = new ArrayList<>();
        try (ChunkBackend backend = backend(root); WorkspaceChunks chunks = backend.workspace("ws", root.resolve("ws"))) {
            List<long[]> at;
            try (ChunkWriter w = chunks.create("01SHARED")) {
                at = writeRandom(w, rnd, pieces);
                w.finish();
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try (ChunkReader r = chunks.open("01SHARED")) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long seed = rnd.nextLong();
                    done.add(pool.submit(() -> {
                        Random local = new Random(seed);
                        for (int k = 0; k < 500; k++) {
                            int i = local.nextInt(pieces.size());
                            assertArrayEquals(pieces.get(i), bytes(r.read(at.get(i)[0], (int) at.get(i)[1])));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            }
        }
    }
}
