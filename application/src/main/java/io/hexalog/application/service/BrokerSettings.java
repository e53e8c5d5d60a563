package io.hexalog.application.service;

import io.hexalog.domain.log.MessageSizePolicy;

/**
 * Broker-wide settings the use cases obey.
 *
 * @param defaultPartitions    partitions of a topic created without a count ({@code num.partitions})
 * @param autoCreateTopics     whether Metadata creates unknown topics ({@code auto.create.topics.enable})
 * @param maxMessageBytes      largest batch accepted ({@code message.max.bytes})
 * @param groups               consumer group and committed offset settings
 */
public record BrokerSettings(int defaultPartitions, boolean autoCreateTopics, int maxMessageBytes,
                             GroupSettings groups) {

    public BrokerSettings(int defaultPartitions, boolean autoCreateTopics, int maxMessageBytes) {
        this(defaultPartitions, autoCreateTopics, maxMessageBytes, GroupSettings.kafkaDefaults());
    }

    public BrokerSettings {
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("default partition count must be at least 1: " + defaultPartitions);
        }
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("max message bytes must not be negative: " + maxMessageBytes);
        }
        java.util.Objects.requireNonNull(groups, "groups");
    }

    public static BrokerSettings defaults() {
        return new BrokerSettings(1, true, MessageSizePolicy.KAFKA_DEFAULT);
    }

    MessageSizePolicy messageSizePolicy() {
        return new MessageSizePolicy(maxMessageBytes);
    }
}
