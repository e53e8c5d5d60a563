package io.hexalog.application.service;

import io.hexalog.domain.group.GroupConfig;
import io.hexalog.domain.group.OffsetMetadataPolicy;
import io.hexalog.domain.group.OffsetRetentionPolicy;
import io.hexalog.domain.group.consumer.ConsumerGroupConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * The broker's consumer group settings.
 *
 * @param minSessionTimeoutMs         {@code group.min.session.timeout.ms}
 * @param maxSessionTimeoutMs         {@code group.max.session.timeout.ms}
 * @param initialRebalanceDelayMs     {@code group.initial.rebalance.delay.ms}
 * @param offsetsRetentionMs          {@code offsets.retention.minutes}, in milliseconds
 * @param offsetsRetentionCheckMs     {@code offsets.retention.check.interval.ms}
 * @param maxOffsetMetadataLength     {@code offset.metadata.max.bytes}
 * @param consumerGroups              the {@code group.consumer.*} settings of groups of the consumer protocol
 */
public record GroupCoordinatorConfig(int minSessionTimeoutMs, int maxSessionTimeoutMs, int initialRebalanceDelayMs,
                            long offsetsRetentionMs, long offsetsRetentionCheckMs, int maxOffsetMetadataLength,
                            ConsumerGroupConfig consumerGroups) {

    /** Kafka's {@code offsets.retention.check.interval.ms} default: ten minutes. */
    public static final long KAFKA_RETENTION_CHECK_MS = 600_000;

    public GroupCoordinatorConfig {
        groupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs);
        new OffsetRetentionPolicy(offsetsRetentionMs);
        new OffsetMetadataPolicy(maxOffsetMetadataLength);
        if (offsetsRetentionCheckMs < 1) {
            throw new IllegalArgumentException("offset retention check interval must be positive: " + offsetsRetentionCheckMs);
        }
        Objects.requireNonNull(consumerGroups, "consumerGroups");
    }

    /** Settings with Kafka's defaults for groups of the consumer protocol. */
    public GroupCoordinatorConfig(int minSessionTimeoutMs, int maxSessionTimeoutMs, int initialRebalanceDelayMs,
                                  long offsetsRetentionMs, long offsetsRetentionCheckMs, int maxOffsetMetadataLength) {
        this(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs, offsetsRetentionMs,
                offsetsRetentionCheckMs, maxOffsetMetadataLength, ConsumerGroupConfig.kafkaDefaults());
    }

    public static GroupCoordinatorConfig kafkaDefaults() {
        return new GroupCoordinatorConfig(GroupConfig.KAFKA_MIN_SESSION_TIMEOUT_MS, GroupConfig.KAFKA_MAX_SESSION_TIMEOUT_MS,
                GroupConfig.KAFKA_INITIAL_REBALANCE_DELAY_MS, OffsetRetentionPolicy.KAFKA_DEFAULT_MS,
                KAFKA_RETENTION_CHECK_MS, OffsetMetadataPolicy.KAFKA_DEFAULT);
    }

    public GroupCoordinatorConfig withInitialRebalanceDelayMs(int delayMs) {
        return new GroupCoordinatorConfig(minSessionTimeoutMs, maxSessionTimeoutMs, delayMs, offsetsRetentionMs,
                offsetsRetentionCheckMs, maxOffsetMetadataLength, consumerGroups);
    }

    public GroupCoordinatorConfig withConsumerGroups(ConsumerGroupConfig settings) {
        return new GroupCoordinatorConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs,
                offsetsRetentionMs, offsetsRetentionCheckMs, maxOffsetMetadataLength, settings);
    }

    GroupConfig groupConfig() {
        return groupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs);
    }

    private static GroupConfig groupConfig(int min, int max, int delay) {
        return new GroupConfig(min, max, delay, GroupConfig.KAFKA_NEW_MEMBER_JOIN_TIMEOUT_MS);
    }

    OffsetRetentionPolicy retentionPolicy() {
        return new OffsetRetentionPolicy(offsetsRetentionMs);
    }

    OffsetMetadataPolicy metadataPolicy() {
        return new OffsetMetadataPolicy(maxOffsetMetadataLength);
    }

    Duration retentionCheckInterval() {
        return Duration.ofMillis(offsetsRetentionCheckMs);
    }
}
