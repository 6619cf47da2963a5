package io.hearth.storage.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/** File-tree helpers for tests. */
public final class Directories {

    private Directories() {
    }

    /**
     * Copies a directory tree, skipping Lucene's {@code write.lock}: applied to the directory of an
     * open store, this leaves what a crash at that moment would leave (acknowledged data is forced).
     */
    public static void copyTree(Path from, Path to) throws IOException {
        Set<Path> seen = new HashSet<>();
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (seen.add(p) && !p.getFileName().toString().equals("write.lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }
}
