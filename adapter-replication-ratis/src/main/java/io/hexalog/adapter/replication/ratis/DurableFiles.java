package io.hexalog.adapter.replication.ratis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files of a node's Raft storage written so that they stay as written after a crash or a power cut: the snapshots
 * and vote files it writes itself, and the marks it leaves for its next start (a copy unfinished, a metadata log cut
 * off, a log that failed a write).
 */
final class DurableFiles {

    private DurableFiles() {
    }

    /**
     * Writes {@code content} to a temporary file beside {@code file}, forces it, and moves it into place: a crash
     * leaves the old file or the new one, whole.
     */
    static void replace(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content));
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Leaves an empty file at {@code mark}, if none is there, and forces its directory so that it stays. */
    static void mark(Path mark) throws IOException {
        if (!Files.exists(mark)) {
            Files.createFile(mark);
            forceDirectory(mark.getParent());
        }
    }

    /** Removes the file at {@code mark}, if one is there, and forces its directory so that it stays gone. */
    static void unmark(Path mark) throws IOException {
        if (Files.deleteIfExists(mark)) {
            forceDirectory(mark.getParent());
        }
    }

    /** Forces a directory, so that files created, renamed or deleted in it stay so after a power cut. */
    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
