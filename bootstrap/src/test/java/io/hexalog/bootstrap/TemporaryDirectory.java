package io.hexalog.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A data directory a test harness created for its brokers, and deletes with everything in it once they stopped. */
final class TemporaryDirectory {

    private TemporaryDirectory() {
    }

    static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory", e);
        }
    }

    /** Deletes {@code directory} and what it holds; what cannot be deleted is left, for the operating system. */
    static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException leftBehind) {
                    // a file still open elsewhere, or a directory not emptied because of it
                }
            }
        } catch (NoSuchFileException gone) {
            // nothing to delete
        } catch (IOException unreadable) {
            // left for the operating system's temporary files cleanup
        }
    }
}
