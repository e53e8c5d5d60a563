package io.hexalog.domain.topic;

import java.util.Objects;

/**
 * A partition of one topic incarnation. Logs are keyed by this rather than by name, so that deleting and
 * re-creating a topic never mixes old and new data.
 */
public record TopicIdPartition(TopicId topicId, TopicName topic, int partition) {

    public TopicIdPartition {
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative: " + partition);
        }
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
