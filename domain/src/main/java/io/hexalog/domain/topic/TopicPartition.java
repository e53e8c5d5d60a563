package io.hexalog.domain.topic;

import java.util.Objects;

/** A partition addressed by topic name, as clients name it. */
public record TopicPartition(TopicName topic, int partition) {

    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must not be negative: " + partition);
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
