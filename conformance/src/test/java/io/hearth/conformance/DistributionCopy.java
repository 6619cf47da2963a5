package io.hearth.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A private copy of the unpacked distribution, for tests that change its plugins/ or conf/. */
final class DistributionCopy {

    private DistributionCopy() {
    }

    static Path of(Path target) {
        try (Stream<Path> files = Files.walk(HearthProcess.DIST)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(HearthProcess.DIST.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
