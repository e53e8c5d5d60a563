package io.hexalog.domain.group.consumer;

import io.hexalog.domain.topic.TopicId;

import java.util.Objects;

/**
 * What the group's assignment depends on about one subscribed topic: its ID and how many partitions it has.
 * When this changes (a topic is created, grows or is deleted) the group's epoch moves on and a new target
 * assignment is computed.
 */
public record TopicMetadata(TopicId id, String name, int partitionCount) {

    public TopicMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (partitionCount < 0) {
            throw new IllegalArgumentException("partition count must not be negative: " + partitionCount);
        }
    }
}
