package io.hexalog.application.port.in;

import java.util.List;
import java.util.Objects;

/**
 * A log directory and the partition logs it holds, as Kafka's {@code LogDirDescription}.
 *
 * @param path        the directory's absolute path, or a name for a store held in memory
 * @param totalBytes  the size of the volume the directory is on, -1 if unknown
 * @param usableBytes the bytes still free on it, -1 if unknown
 * @param replicas    the partition logs in the directory
 */
public record LogDirDescription(String path, long totalBytes, long usableBytes, List<ReplicaInfo> replicas) {

    public LogDirDescription {
        Objects.requireNonNull(path, "path");
        replicas = List.copyOf(replicas);
    }
}
