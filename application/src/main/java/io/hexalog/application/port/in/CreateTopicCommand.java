package io.hexalog.application.port.in;

import io.hexalog.domain.topic.TopicName;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A request to create a topic.
 *
 * @param partitions        partition count, at least 1; empty for the broker default
 * @param replicationFactor replication factor, at least 1; empty for the broker default
 * @param configs           topic configuration overrides
 * @param validateOnly      check everything but create nothing
 */
public record CreateTopicCommand(TopicName name, OptionalInt partitions, OptionalInt replicationFactor,
                                 Map<String, String> configs, boolean validateOnly) {

    public CreateTopicCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(partitions, "partitions");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        if (partitions.isPresent() && partitions.getAsInt() < 1) {
            throw new IllegalArgumentException("partition count must be at least 1: " + partitions.getAsInt());
        }
        if (replicationFactor.isPresent() && replicationFactor.getAsInt() < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1: "
                    + replicationFactor.getAsInt());
        }
        configs = Map.copyOf(configs);
    }

    public static CreateTopicCommand withDefaults(TopicName name) {
        return new CreateTopicCommand(name, OptionalInt.empty(), OptionalInt.empty(), Map.of(), false);
    }
}
