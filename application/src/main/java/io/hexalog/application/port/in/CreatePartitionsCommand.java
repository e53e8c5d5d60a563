package io.hexalog.application.port.in;

import io.hexalog.domain.topic.TopicName;

import java.util.Objects;

/**
 * A request to grow a topic (CreatePartitions).
 *
 * @param totalCount   the partition count the topic is to have, existing partitions included; at least 1
 * @param validateOnly check everything but change nothing
 */
public record CreatePartitionsCommand(TopicName topic, int totalCount, boolean validateOnly) {

    public CreatePartitionsCommand {
        Objects.requireNonNull(topic, "topic");
        if (totalCount < 1) {
            throw new IllegalArgumentException("partition count must be at least 1: " + totalCount);
        }
    }
}
