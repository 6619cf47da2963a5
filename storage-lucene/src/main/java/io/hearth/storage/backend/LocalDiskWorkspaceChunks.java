package io.hearth.storage.backend;

import io.hearth.spi.chunk.ChunkReader;
import io.hearth.spi.chunk.ChunkWriter;
import io.hearth.spi.chunk.WorkspaceChunks;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One workspace's chunk files: {@code <id>} when finished, {@code <id>.tmp} while written (or left
 * by a crash; such leftovers are never listed and are deleted with their block id).
 */
final class LocalDiskWorkspaceChunks implements WorkspaceChunks {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    static final String TMP = ".tmp";

    private final Path dir;

    LocalDiskWorkspaceChunks(Path dir) {
        this.dir = dir;
    }

    @Override
    public ChunkWriter create(String blockId) throws IOException {
        Path target = file(blockId);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "block chunks already exist");
        }
        Path tmp = dir.resolve(blockId + TMP);
        Files.deleteIfExists(tmp);
        return new LocalDiskChunkWriter(dir, tmp, target);
    }

    @Override
    public ChunkReader open(String blockId) throws IOException {
        return LocalDiskChunkReader.open(file(blockId));
    }

    @Override
    public List<String> blocks() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> ID.matcher(n).matches()).forEach(ids::add);
        }
        ids.sort(null);
        return ids;
    }

    @Override
    public void delete(String blockId) throws IOException {
        Files.deleteIfExists(file(blockId));
        Files.deleteIfExists(dir.resolve(blockId + TMP));
        syncDirectory(dir);
    }

    private Path file(String blockId) {
        if (!ID.matcher(blockId).matches()) {
            throw new IllegalArgumentException("invalid block id '" + blockId + "'");
        }
        return dir.resolve(blockId);
    }

    /** Forces a directory's entries (a rename or delete) to disk; a no-op where unsupported. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            if (!(e instanceof UnsupportedOperationException) && Files.isDirectory(dir)
                    && !System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
