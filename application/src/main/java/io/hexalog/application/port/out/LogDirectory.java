package io.hexalog.application.port.out;

import java.util.Objects;

/**
 * Where a {@link PartitionLogStore} keeps its logs, and how much room the volume under it has, as Kafka's
 * DescribeLogDirs reports a log directory.
 *
 * @param path        an absolute directory for a persistent store; for a store that keeps nothing on disk, a
 *                    name that cannot be mistaken for one, such as {@link #IN_MEMORY}
 * @param totalBytes  the size of the volume, or {@link #UNKNOWN_BYTES}
 * @param usableBytes the bytes still free for the store on it, or {@link #UNKNOWN_BYTES}
 */
public record LogDirectory(String path, long totalBytes, long usableBytes) {

    /** Kafka's answer for a volume size it cannot tell. */
    public static final long UNKNOWN_BYTES = -1L;

    /** The name of the log directory of a store held in memory. */
    public static final String IN_MEMORY = "(in-memory)";

    public LogDirectory {
        Objects.requireNonNull(path, "path");
        if (path.isBlank()) {
            throw new IllegalArgumentException("a log directory needs a path or a name");
        }
        if (totalBytes < UNKNOWN_BYTES || usableBytes < UNKNOWN_BYTES) {
            throw new IllegalArgumentException("volume sizes are bytes or unknown (-1): total " + totalBytes
                    + ", usable " + usableBytes);
        }
    }
}
