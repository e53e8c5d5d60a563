package io.hexalog.application.port.in;

import io.hexalog.domain.topic.TopicIdPartition;

import java.util.Objects;

/**
 * One partition's log in a log directory, as Kafka's {@code ReplicaInfo}.
 *
 * @param sizeInBytes the bytes the log takes in the store
 * @param offsetLag   how far the log end offset is ahead of the high watermark
 */
public record ReplicaInfo(TopicIdPartition partition, long sizeInBytes, long offsetLag) {

    public ReplicaInfo {
        Objects.requireNonNull(partition, "partition");
        if (sizeInBytes < 0) {
            throw new IllegalArgumentException("a log's size cannot be negative: " + sizeInBytes);
        }
        if (offsetLag < 0) {
            throw new IllegalArgumentException("a log end offset cannot be behind the high watermark: " + offsetLag);
        }
    }
}
