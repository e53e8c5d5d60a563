package io.hexalog.application.port.in;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to elect the leaders of partitions (ElectLeaders).
 *
 * @param partitions the partitions, by topic as the client names them (the topic may not exist); empty for every
 *                   partition of every topic
 * @param timeout    how long the elections may take; not negative
 */
public record ElectLeadersCommand(ElectionType type, Optional<List<TopicPartitions>> partitions, Duration timeout) {

    public ElectLeadersCommand {
        Objects.requireNonNull(type, "type");
        partitions = partitions.map(List::copyOf);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
    }

    /** An election of every partition of every topic. */
    public static ElectLeadersCommand everyPartition(ElectionType type, Duration timeout) {
        return new ElectLeadersCommand(type, Optional.empty(), timeout);
    }

    /** Partitions of one topic, as the client names them: the topic may not exist, the partitions neither. */
    public record TopicPartitions(String topic, List<Integer> partitions) {

        public TopicPartitions {
            Objects.requireNonNull(topic, "topic");
            partitions = List.copyOf(partitions);
        }
    }
}
