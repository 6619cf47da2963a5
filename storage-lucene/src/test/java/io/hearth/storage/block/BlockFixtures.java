package io.hearth.storage.block;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Workspace directories kept as test resources, written by an older format, copied out to be opened. */
final class BlockFixtures {

    private BlockFixtures() {
    }

    /** Copies the resource directory {@code /<name>} (blocks, chunks) into {@code dir}. */
    static void copy(String name, Path dir) throws IOException, URISyntaxException {
        Path from = Path.of(BlockFixtures.class.getResource("/" + name).toURI());
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        Files.copy(in, to);
                    }
                }
            }
        }
    }
}
