package io.hearth.storage.backend;

import io.hearth.spi.chunk.ChunkBackend;
import io.hearth.spi.chunk.WorkspaceChunks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Chunk files on local disk, in {@code <workspace directory>/chunks/}: one file per block named by
 * its id, written as {@code <id>.tmp} and renamed when finished. Holds no state of its own.
 */
public final class LocalDiskChunkBackend implements ChunkBackend {

    /** The sub-directory of a workspace directory that holds its chunk files. */
    public static final String DIRECTORY = "chunks";

    @Override
    public WorkspaceChunks workspace(String workspaceId, Path directory) throws IOException {
        Path dir = directory.resolve(DIRECTORY);
        Files.createDirectories(dir);
        return new LocalDiskWorkspaceChunks(dir);
    }

    @Override
    public void deleteWorkspace(String workspaceId, Path directory) throws IOException {
        Path dir = directory.resolve(DIRECTORY);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
