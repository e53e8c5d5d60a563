package io.hexalog.application.service;

import io.hexalog.domain.group.GroupConfig;
import io.hexalog.domain.group.OffsetMetadataPolicy;
import io.hexalog.domain.group.OffsetRetentionPolicy;

import java.time.Duration;

/**
 * The broker's consumer group settings.
 *
 * @param minSessionTimeoutMs         {@code group.min.session.timeout.ms}
 * @param maxSessionTimeoutMs         {@code group.max.session.timeout.ms}
 * @param initialRebalanceDelayMs     {@code group.initial.rebalance.delay.ms}
 * @param offsetsRetentionMs          {@code offsets.retention.minutes}, in milliseconds
 * @param offsetsRetentionCheckMs     {@code offsets.retention.check.interval.ms}
 * @param maxOffsetMetadataLength     {@code offset.metadata.max.bytes}
 */
public record GroupCoordinatorConfig(int minSessionTimeoutMs, int maxSessionTimeoutMs, int initialRebalanceDelayMs,
                            long offsetsRetentionMs, long offsetsRetentionCheckMs, int maxOffsetMetadataLength) {

    /** Kafka's {@code offsets.retention.check.interval.ms} default: ten minutes. */
    public static final long KAFKA_RETENTION_CHECK_MS = 600_000;

    public GroupCoordinatorConfig {
        groupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs);
        new OffsetRetentionPolicy(offsetsRetentionMs);
        new OffsetMetadataPolicy(maxOffsetMetadataLength);
        if (offsetsRetentionCheckMs < 1) {
            throw new IllegalArgumentException("offset retention check interval must be positive: " + offsetsRetentionCheckMs);
        }
    }

    public static GroupCoordinatorConfig kafkaDefaults() {
        return new GroupCoordinatorConfig(GroupConfig.KAFKA_MIN_SESSION_TIMEOUT_MS, GroupConfig.KAFKA_MAX_SESSION_TIMEOUT_MS,
                GroupConfig.KAFKA_INITIAL_REBALANCE_DELAY_MS, OffsetRetentionPolicy.KAFKA_DEFAULT_MS,
                KAFKA_RETENTION_CHECK_MS, OffsetMetadataPolicy.KAFKA_DEFAULT);
    }

    public GroupCoordinatorConfig withInitialRebalanceDelayMs(int delayMs) {
        return new GroupCoordinatorConfig(minSessionTimeoutMs, maxSessionTimeoutMs, delayMs, offsetsRetentionMs,
                offsetsRetentionCheckMs, maxOffsetMetadataLength);
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
