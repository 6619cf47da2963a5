package io.hearth.conformance.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A bench's temporary directory (encoded requests, every system's data), deleted at the end unless kept. */
final class ScratchDirectory implements AutoCloseable {

    private final Path path;
    private final boolean keep;

    private ScratchDirectory(Path path, boolean keep) {
        this.path = path;
        this.keep = keep;
    }

    static ScratchDirectory create(String prefix, boolean keep) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(prefix), keep);
    }

    /** A directory under {@code parent} (tmpfs, say), always deleted at the end. */
    static ScratchDirectory create(Path parent, String prefix) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(parent, prefix), false);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        if (keep) {
            System.out.println("kept " + path);
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
