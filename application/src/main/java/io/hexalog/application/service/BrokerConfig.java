package io.hexalog.application.service;

import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.log.MessageSizePolicy;
import io.hexalog.domain.log.MinInSyncReplicasPolicy;
import io.hexalog.domain.log.TimestampType;
import io.hexalog.domain.topic.PartitionCountPolicy;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Broker-wide settings the use cases obey.
 *
 * @param defaultPartitions      partitions of a topic created without a count ({@code num.partitions})
 * @param autoCreateTopics       whether Metadata creates unknown topics ({@code auto.create.topics.enable})
 * @param maxMessageBytes        largest batch accepted ({@code message.max.bytes})
 * @param retentionMs            default {@code retention.ms} of topics ({@code log.retention.ms}); -1 for none
 * @param retentionBytes         default {@code retention.bytes} of topics ({@code log.retention.bytes}); -1 for none
 * @param messageTimestampType   default {@code message.timestamp.type} ({@code log.message.timestamp.type})
 * @param retentionCheckInterval how often retention runs ({@code log.retention.check.interval.ms})
 * @param explicitlySet          the broker config names the operator set (flags or config file), as opposed to
 *                               those left at Kafka's defaults; DescribeConfigs reports the difference
 * @param groups                 consumer group and committed offset settings
 * @param maxBrokerPartitions    the most partitions this broker hosts ({@code max.broker.partitions}, not a Kafka
 *                               config: the name KIP-578 proposed)
 * @param cleaner                log compaction: the cleaner's settings and the defaults of compacted topics
 * @param defaultReplicationFactor replicas of each partition of a topic created without a replication factor
 *                               ({@code default.replication.factor}): 1 on a single broker
 * @param minInSyncReplicas      default {@code min.insync.replicas} of topics (the broker's {@code min.insync.replicas})
 */
public record BrokerConfig(int defaultPartitions, boolean autoCreateTopics, int maxMessageBytes, long retentionMs,
                             long retentionBytes, TimestampType messageTimestampType, Duration retentionCheckInterval,
                             Set<String> explicitlySet, GroupCoordinatorConfig groups, int maxBrokerPartitions,
                             LogCleanerConfig cleaner, int defaultReplicationFactor, int minInSyncReplicas) {

    /** Kafka's {@code log.retention.check.interval.ms} default: five minutes. */
    public static final Duration DEFAULT_RETENTION_CHECK_INTERVAL = Duration.ofMinutes(5);

    public BrokerConfig {
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("default partition count must be at least 1: " + defaultPartitions);
        }
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("max message bytes must not be negative: " + maxMessageBytes);
        }
        if (retentionMs < -1) {
            throw new IllegalArgumentException("retention ms must be -1 or more: " + retentionMs);
        }
        Objects.requireNonNull(messageTimestampType, "messageTimestampType");
        Objects.requireNonNull(retentionCheckInterval, "retentionCheckInterval");
        if (retentionCheckInterval.isNegative() || retentionCheckInterval.isZero()) {
            throw new IllegalArgumentException("retention check interval must be positive: " + retentionCheckInterval);
        }
        explicitlySet = Set.copyOf(explicitlySet);
        Objects.requireNonNull(groups, "groups");
        if (maxBrokerPartitions < 1) {
            throw new IllegalArgumentException("max broker partitions must be at least 1: " + maxBrokerPartitions);
        }
        Objects.requireNonNull(cleaner, "cleaner");
        if (defaultReplicationFactor < 1) {
            throw new IllegalArgumentException("default replication factor must be at least 1: "
                    + defaultReplicationFactor);
        }
        if (minInSyncReplicas < 1) {
            throw new IllegalArgumentException("min.insync.replicas must be at least 1: " + minInSyncReplicas);
        }
    }

    /** Settings with Kafka's default {@code min.insync.replicas}, 1. */
    public BrokerConfig(int defaultPartitions, boolean autoCreateTopics, int maxMessageBytes, long retentionMs,
                        long retentionBytes, TimestampType messageTimestampType, Duration retentionCheckInterval,
                        Set<String> explicitlySet, GroupCoordinatorConfig groups, int maxBrokerPartitions,
                        LogCleanerConfig cleaner, int defaultReplicationFactor) {
        this(defaultPartitions, autoCreateTopics, maxMessageBytes, retentionMs, retentionBytes, messageTimestampType,
                retentionCheckInterval, explicitlySet, groups, maxBrokerPartitions, cleaner, defaultReplicationFactor,
                MinInSyncReplicasPolicy.KAFKA_DEFAULT);
    }

    /** Settings of a single broker: one replica of each partition. */
    public BrokerConfig(int defaultPartitions, boolean autoCreateTopics, int maxMessageBytes, long retentionMs,
                        long retentionBytes, TimestampType messageTimestampType, Duration retentionCheckInterval,
                        Set<String> explicitlySet, GroupCoordinatorConfig groups, int maxBrokerPartitions,
                        LogCleanerConfig cleaner) {
        this(defaultPartitions, autoCreateTopics, maxMessageBytes, retentionMs, retentionBytes, messageTimestampType,
                retentionCheckInterval, explicitlySet, groups, maxBrokerPartitions, cleaner, 1);
    }

    /** Settings with Kafka's defaults for log compaction. */
    public BrokerConfig(int defaultPartitions, boolean autoCreateTopics, int maxMessageBytes, long retentionMs,
                        long retentionBytes, TimestampType messageTimestampType, Duration retentionCheckInterval,
                        Set<String> explicitlySet, GroupCoordinatorConfig groups, int maxBrokerPartitions) {
        this(defaultPartitions, autoCreateTopics, maxMessageBytes, retentionMs, retentionBytes, messageTimestampType,
                retentionCheckInterval, explicitlySet, groups, maxBrokerPartitions, LogCleanerConfig.kafkaDefaults());
    }

    /** Settings with the default limit of partitions per broker. */
    public BrokerConfig(int defaultPartitions, boolean autoCreateTopics, int maxMessageBytes, long retentionMs,
                        long retentionBytes, TimestampType messageTimestampType, Duration retentionCheckInterval,
                        Set<String> explicitlySet, GroupCoordinatorConfig groups) {
        this(defaultPartitions, autoCreateTopics, maxMessageBytes, retentionMs, retentionBytes, messageTimestampType,
                retentionCheckInterval, explicitlySet, groups, PartitionCountPolicy.DEFAULT_MAX_BROKER_PARTITIONS);
    }

    /** Settings with Kafka's defaults for everything but these three. */
    public BrokerConfig(int defaultPartitions, boolean autoCreateTopics, int maxMessageBytes) {
        this(defaultPartitions, autoCreateTopics, maxMessageBytes, LogConfig.KAFKA_DEFAULTS.retentionMs(),
                LogConfig.KAFKA_DEFAULTS.retentionBytes(), LogConfig.KAFKA_DEFAULTS.messageTimestampType(),
                DEFAULT_RETENTION_CHECK_INTERVAL, Set.of(), GroupCoordinatorConfig.kafkaDefaults());
    }

    public static BrokerConfig defaults() {
        return new BrokerConfig(1, true, MessageSizePolicy.KAFKA_DEFAULT);
    }

    /** These settings with another limit of partitions per broker. */
    public BrokerConfig withMaxBrokerPartitions(int limit) {
        return new BrokerConfig(defaultPartitions, autoCreateTopics, maxMessageBytes, retentionMs, retentionBytes,
                messageTimestampType, retentionCheckInterval, explicitlySet, groups, limit, cleaner, defaultReplicationFactor,
                minInSyncReplicas);
    }

    /** These settings with other consumer group settings. */
    public BrokerConfig withGroups(GroupCoordinatorConfig settings) {
        return new BrokerConfig(defaultPartitions, autoCreateTopics, maxMessageBytes, retentionMs, retentionBytes,
                messageTimestampType, retentionCheckInterval, explicitlySet, settings, maxBrokerPartitions, cleaner,
                defaultReplicationFactor, minInSyncReplicas);
    }

    /** These settings with other log compaction settings. */
    public BrokerConfig withCleaner(LogCleanerConfig settings) {
        return new BrokerConfig(defaultPartitions, autoCreateTopics, maxMessageBytes, retentionMs, retentionBytes,
                messageTimestampType, retentionCheckInterval, explicitlySet, groups, maxBrokerPartitions, settings,
                defaultReplicationFactor, minInSyncReplicas);
    }

    /** These settings with another default replication factor (a cluster's {@code default.replication.factor}). */
    public BrokerConfig withDefaultReplicationFactor(int replicas) {
        return new BrokerConfig(defaultPartitions, autoCreateTopics, maxMessageBytes, retentionMs, retentionBytes,
                messageTimestampType, retentionCheckInterval, explicitlySet, groups, maxBrokerPartitions, cleaner,
                replicas, minInSyncReplicas);
    }

    /** These settings with another default {@code min.insync.replicas} of topics. */
    public BrokerConfig withMinInSyncReplicas(int replicas) {
        return new BrokerConfig(defaultPartitions, autoCreateTopics, maxMessageBytes, retentionMs, retentionBytes,
                messageTimestampType, retentionCheckInterval, explicitlySet, groups, maxBrokerPartitions, cleaner,
                defaultReplicationFactor, replicas);
    }

    /** How many partitions a request may create and this broker may host. */
    public PartitionCountPolicy partitionCountPolicy() {
        return new PartitionCountPolicy(maxBrokerPartitions);
    }

    /** What a topic's log obeys where the topic sets nothing itself. */
    public LogConfig logDefaults() {
        return new LogConfig(cleaner.cleanupPolicy(), maxMessageBytes, messageTimestampType, retentionBytes, retentionMs,
                cleaner.compaction(), minInSyncReplicas);
    }
}
