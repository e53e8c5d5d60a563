package io.hexalog.bootstrap;

import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter;
import io.hexalog.application.service.BrokerConfig;
import io.hexalog.application.service.GroupCoordinatorConfig;
import io.hexalog.application.service.LogCleanerConfig;
import io.hexalog.application.service.TransactionCoordinatorConfig;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.config.TopicConfig;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.time.Duration;
import java.util.Map;

/**
 * The defaults of the flags that stand for Kafka configs, read from the constants the domain and the
 * application hold them in, so that each of Kafka's defaults is written once. Flags of Hexalog's own
 * (storage, data directory, listener address) keep their defaults in their annotations.
 */
final class KafkaDefaults implements IDefaultValueProvider {

    private static final Map<String, String> BY_FLAG = byFlag();

    @Override
    public String defaultValue(ArgSpec argument) {
        return argument instanceof OptionSpec option ? BY_FLAG.get(option.longestName()) : null;
    }

    private static Map<String, String> byFlag() {
        BrokerConfig broker = BrokerConfig.defaults();
        LogConfig log = LogConfig.KAFKA_DEFAULTS;
        LogCleanerConfig cleaner = LogCleanerConfig.kafkaDefaults();
        GroupCoordinatorConfig groups = GroupCoordinatorConfig.kafkaDefaults();
        TransactionCoordinatorConfig transactions = TransactionCoordinatorConfig.kafkaDefaults();
        KafkaProtocolAdapter.ConnectionLimits connections = KafkaProtocolAdapter.ConnectionLimits.KAFKA_DEFAULTS;
        return Map.ofEntries(
                Map.entry("--num-partitions", Integer.toString(broker.defaultPartitions())),
                Map.entry("--auto-create-topics", Boolean.toString(broker.autoCreateTopics())),
                Map.entry("--max-broker-partitions", Integer.toString(broker.maxBrokerPartitions())),
                Map.entry("--max-request-bytes", Integer.toString(KafkaProtocolAdapter.DEFAULT_MAX_REQUEST_BYTES)),
                Map.entry("--max-connections", Integer.toString(connections.maxConnections())),
                Map.entry("--max-connections-per-ip", Integer.toString(connections.maxConnectionsPerIp())),
                Map.entry("--connections-max-idle-ms", Long.toString(connections.connectionsMaxIdleMs())),
                Map.entry("--fetch-max-bytes", Integer.toString(KafkaProtocolAdapter.DEFAULT_FETCH_MAX_BYTES)),
                Map.entry("--message-max-bytes", log.valueOf(TopicConfig.MAX_MESSAGE_BYTES)),
                Map.entry("--log-retention-ms", log.valueOf(TopicConfig.RETENTION_MS)),
                Map.entry("--log-retention-bytes", log.valueOf(TopicConfig.RETENTION_BYTES)),
                Map.entry("--log-message-timestamp-type", log.valueOf(TopicConfig.MESSAGE_TIMESTAMP_TYPE)),
                Map.entry("--min-insync-replicas", log.valueOf(TopicConfig.MIN_INSYNC_REPLICAS)),
                Map.entry("--log-segment-bytes", log.valueOf(TopicConfig.SEGMENT_BYTES)),
                Map.entry("--log-roll-ms", log.valueOf(TopicConfig.SEGMENT_MS)),
                Map.entry("--log-cleaner-min-cleanable-ratio", log.valueOf(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO)),
                Map.entry("--log-cleaner-min-compaction-lag-ms", log.valueOf(TopicConfig.MIN_COMPACTION_LAG_MS)),
                Map.entry("--log-cleaner-max-compaction-lag-ms", log.valueOf(TopicConfig.MAX_COMPACTION_LAG_MS)),
                Map.entry("--log-cleaner-delete-retention-ms", log.valueOf(TopicConfig.DELETE_RETENTION_MS)),
                Map.entry("--log-cleaner-enable", Boolean.toString(cleaner.enabled())),
                Map.entry("--log-cleaner-backoff-ms", Long.toString(cleaner.backoff().toMillis())),
                Map.entry("--log-cleaner-dedupe-buffer-size", Long.toString(cleaner.dedupeBuffer().sizeBytes())),
                Map.entry("--log-cleaner-io-buffer-load-factor", Double.toString(cleaner.dedupeBuffer().loadFactor())),
                Map.entry("--log-retention-check-interval-ms",
                        Long.toString(BrokerConfig.DEFAULT_RETENTION_CHECK_INTERVAL.toMillis())),
                Map.entry("--group-initial-rebalance-delay-ms", Integer.toString(groups.initialRebalanceDelayMs())),
                Map.entry("--group-min-session-timeout-ms", Integer.toString(groups.minSessionTimeoutMs())),
                Map.entry("--group-max-session-timeout-ms", Integer.toString(groups.maxSessionTimeoutMs())),
                Map.entry("--group-consumer-session-timeout-ms",
                        Integer.toString(groups.consumerGroups().sessionTimeoutMs())),
                Map.entry("--group-consumer-heartbeat-interval-ms",
                        Integer.toString(groups.consumerGroups().heartbeatIntervalMs())),
                Map.entry("--group-consumer-min-session-timeout-ms",
                        Integer.toString(groups.consumerGroups().bounds().minSessionTimeoutMs())),
                Map.entry("--group-consumer-max-session-timeout-ms",
                        Integer.toString(groups.consumerGroups().bounds().maxSessionTimeoutMs())),
                Map.entry("--group-consumer-min-heartbeat-interval-ms",
                        Integer.toString(groups.consumerGroups().bounds().minHeartbeatIntervalMs())),
                Map.entry("--group-consumer-max-heartbeat-interval-ms",
                        Integer.toString(groups.consumerGroups().bounds().maxHeartbeatIntervalMs())),
                Map.entry("--group-consumer-assignors", ConsumerAssignors.format(groups.consumerGroups())),
                Map.entry("--group-consumer-max-size", Integer.toString(groups.consumerGroups().maxSize())),
                Map.entry("--group-consumer-migration-policy", groups.consumerGroups().migrationPolicy().configName()),
                Map.entry("--offsets-retention-minutes",
                        Long.toString(Duration.ofMillis(groups.offsetsRetentionMs()).toMinutes())),
                Map.entry("--transaction-max-timeout-ms", Integer.toString(transactions.maxTimeoutMs())),
                Map.entry("--transactional-id-expiration-ms",
                        Long.toString(transactions.transactionalIdExpiration().toMillis())),
                Map.entry("--transaction-abort-timed-out-interval-ms",
                        Long.toString(transactions.abortTimedOutInterval().toMillis())));
    }
}
