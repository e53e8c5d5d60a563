package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.domain.topic.TopicName;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The body of {@code POST .../topics}. Partition count and replication factor default to the broker's.
 *
 * @param configs      topic config overrides
 * @param validateOnly check everything but create nothing
 */
record CreateTopicRequest(String topicName, Integer partitionsCount, Integer replicationFactor,
                          List<ConfigValue> configs, Boolean validateOnly) {

    CreateTopicRequest {
        if (topicName == null) {
            throw new IllegalArgumentException("topic_name is required");
        }
        configs = configs == null ? List.of() : List.copyOf(configs);
    }

    /** @throws IllegalArgumentException for a count or factor below 1, or a config named twice */
    CreateTopicCommand toCommand() {
        Map<String, String> overrides = new HashMap<>();
        for (ConfigValue config : configs) {
            if (overrides.put(config.name(), config.value()) != null) {
                throw new IllegalArgumentException("Config " + config.name() + " is given twice");
            }
        }
        return new CreateTopicCommand(TopicName.of(topicName), optional(partitionsCount),
                optional(replicationFactor), overrides, Boolean.TRUE.equals(validateOnly));
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** A config and its value. */
    record ConfigValue(String name, String value) {

        ConfigValue {
            if (name == null) {
                throw new IllegalArgumentException("configs[].name is required");
            }
            if (value == null) {
                throw new IllegalArgumentException("configs[].value of " + name + " is required");
            }
        }
    }
}
