package io.hexalog.domain.config;

import io.hexalog.domain.error.InvalidConfigurationException;
import io.hexalog.domain.log.MessageSizePolicy;
import io.hexalog.domain.log.MinInSyncReplicasPolicy;
import io.hexalog.domain.log.RetentionPolicy;
import io.hexalog.domain.log.TimestampPolicy;
import io.hexalog.domain.log.TimestampType;

import java.util.Map;
import java.util.Objects;

/**
 * The configuration a partition log obeys: the broker's defaults with the topic's overrides applied.
 *
 * @param cleanupPolicy        {@code cleanup.policy}
 * @param maxMessageBytes      {@code max.message.bytes}: the largest batch accepted
 * @param messageTimestampType {@code message.timestamp.type}: whose clock stamps batches
 * @param retentionBytes       {@code retention.bytes}: log size beyond which the oldest batches go; negative
 *                             for no limit
 * @param retentionMs          {@code retention.ms}: age beyond which batches go; negative for no limit
 * @param compaction           the configs of log compaction: segments, dirty ratio, lags, tombstone retention
 * @param minInSyncReplicas    {@code min.insync.replicas}: the replicas in sync an acks=all produce needs
 */
public record LogConfig(CleanupPolicy cleanupPolicy, int maxMessageBytes, TimestampType messageTimestampType,
                        long retentionBytes, long retentionMs, CompactionConfig compaction, int minInSyncReplicas) {

    /** Kafka's defaults: delete, 1 MiB plus batch overhead, CreateTime, unlimited size, seven days, one replica. */
    public static final LogConfig KAFKA_DEFAULTS = new LogConfig(CleanupPolicy.DELETE, MessageSizePolicy.KAFKA_DEFAULT,
            TimestampType.CREATE_TIME, -1L, 7L * 24 * 60 * 60 * 1000);

    public LogConfig {
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(messageTimestampType, "messageTimestampType");
        Objects.requireNonNull(compaction, "compaction");
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("max.message.bytes must not be negative: " + maxMessageBytes);
        }
        if (retentionMs < -1) {
            throw new IllegalArgumentException("retention.ms must be -1 or more: " + retentionMs);
        }
        if (minInSyncReplicas < 1) {
            throw new IllegalArgumentException("min.insync.replicas must be at least 1: " + minInSyncReplicas);
        }
    }

    /** A configuration with Kafka's default {@code min.insync.replicas}. */
    public LogConfig(CleanupPolicy cleanupPolicy, int maxMessageBytes, TimestampType messageTimestampType,
                     long retentionBytes, long retentionMs, CompactionConfig compaction) {
        this(cleanupPolicy, maxMessageBytes, messageTimestampType, retentionBytes, retentionMs, compaction,
                MinInSyncReplicasPolicy.KAFKA_DEFAULT);
    }

    /** A configuration with Kafka's compaction and {@code min.insync.replicas} defaults. */
    public LogConfig(CleanupPolicy cleanupPolicy, int maxMessageBytes, TimestampType messageTimestampType,
                     long retentionBytes, long retentionMs) {
        this(cleanupPolicy, maxMessageBytes, messageTimestampType, retentionBytes, retentionMs,
                CompactionConfig.KAFKA_DEFAULTS);
    }

    /**
     * This configuration with a topic's overrides applied.
     *
     * @throws io.hexalog.domain.error.InvalidConfigurationException naming the first unknown, unsupported
     *                                                               or invalid entry
     */
    public LogConfig withOverrides(Map<String, String> overrides) {
        LogConfig config = this;
        for (Map.Entry<String, String> override : TopicConfig.validate(overrides).entrySet()) {
            config = TopicConfig.named(override.getKey()).apply(config, override.getValue());
        }
        CompactionConfig compaction = config.compaction();
        if (compaction.minCompactionLagMs() > compaction.maxCompactionLagMs()) {
            // Kafka's own wording for the two lags set against each other
            throw new InvalidConfigurationException("conflict topic config setting min.compaction.lag.ms ("
                    + compaction.minCompactionLagMs() + ") > max.compaction.lag.ms ("
                    + compaction.maxCompactionLagMs() + ")");
        }
        return config;
    }

    /** The value of one config, written as a client would set it. */
    public String valueOf(TopicConfig config) {
        return config.valueIn(this);
    }

    public MessageSizePolicy messageSizePolicy() {
        return new MessageSizePolicy(maxMessageBytes);
    }

    public RetentionPolicy retentionPolicy() {
        return new RetentionPolicy(retentionMs, retentionBytes);
    }

    public TimestampPolicy timestampPolicy() {
        return new TimestampPolicy(messageTimestampType);
    }

    public MinInSyncReplicasPolicy minInSyncReplicasPolicy() {
        return new MinInSyncReplicasPolicy(minInSyncReplicas);
    }

    LogConfig withCleanupPolicy(CleanupPolicy policy) {
        return new LogConfig(policy, maxMessageBytes, messageTimestampType, retentionBytes, retentionMs, compaction,
                minInSyncReplicas);
    }

    LogConfig withMaxMessageBytes(int bytes) {
        return new LogConfig(cleanupPolicy, bytes, messageTimestampType, retentionBytes, retentionMs, compaction,
                minInSyncReplicas);
    }

    LogConfig withMessageTimestampType(TimestampType type) {
        return new LogConfig(cleanupPolicy, maxMessageBytes, type, retentionBytes, retentionMs, compaction,
                minInSyncReplicas);
    }

    LogConfig withRetentionBytes(long bytes) {
        return new LogConfig(cleanupPolicy, maxMessageBytes, messageTimestampType, bytes, retentionMs, compaction,
                minInSyncReplicas);
    }

    LogConfig withRetentionMs(long millis) {
        return new LogConfig(cleanupPolicy, maxMessageBytes, messageTimestampType, retentionBytes, millis, compaction,
                minInSyncReplicas);
    }

    LogConfig withMinInSyncReplicas(int replicas) {
        return new LogConfig(cleanupPolicy, maxMessageBytes, messageTimestampType, retentionBytes, retentionMs, compaction,
                replicas);
    }

    LogConfig withCompaction(CompactionConfig changed) {
        return new LogConfig(cleanupPolicy, maxMessageBytes, messageTimestampType, retentionBytes, retentionMs, changed,
                minInSyncReplicas);
    }
}
