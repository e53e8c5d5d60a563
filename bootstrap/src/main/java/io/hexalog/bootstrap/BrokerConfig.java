package io.hexalog.bootstrap;

import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.application.service.BrokerSettings;
import io.hexalog.application.service.GroupSettings;
import io.hexalog.domain.config.LogConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the broker is started with, parsed and checked.
 *
 * @param host              address to listen on
 * @param port              port to listen on; 0 picks a free one
 * @param advertisedHost    host clients are told to connect to
 * @param nodeId            this broker's node ID
 * @param storage           storage kind
 * @param dataDir           where persistent storage keeps its files
 * @param fsync             when persistent storage forces its write-ahead log to disk
 * @param defaultPartitions partitions of auto-created topics and topics created without a count
 * @param autoCreateTopics  whether Metadata creates unknown topics
 * @param maxRequestBytes   largest request frame accepted
 * @param ioThreads         event-loop threads serving connections
 * @param logDefaults       what topics obey where they set nothing themselves (message.max.bytes,
 *                          log.retention.ms, log.retention.bytes, log.message.timestamp.type)
 * @param retentionCheckInterval how often retention runs (log.retention.check.interval.ms)
 * @param explicitlySet     the Kafka broker config names the operator set, by flag or in the config file
 * @param groups            consumer group and committed offset settings
 */
public record BrokerConfig(String host, int port, String advertisedHost, int nodeId, StorageKind storage,
                           Path dataDir, FsyncPolicy fsync, int defaultPartitions, boolean autoCreateTopics,
                           int maxRequestBytes, int ioThreads, LogConfig logDefaults, Duration retentionCheckInterval,
                           Set<String> explicitlySet, GroupSettings groups) {

    public BrokerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(fsync, "fsync");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
        }
        if (nodeId < 0) {
            throw new IllegalArgumentException("--node-id must not be negative, was " + nodeId);
        }
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("--num-partitions must be at least 1, was " + defaultPartitions);
        }
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("--max-request-bytes must be positive, was " + maxRequestBytes);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("--io-threads must be positive, was " + ioThreads);
        }
        Objects.requireNonNull(logDefaults, "logDefaults");
        if (retentionCheckInterval.isNegative() || retentionCheckInterval.isZero()) {
            throw new IllegalArgumentException("--log-retention-check-interval-ms must be positive, was "
                    + retentionCheckInterval.toMillis());
        }
        explicitlySet = Set.copyOf(explicitlySet);
        Objects.requireNonNull(groups, "groups");
    }

    /** A configuration with Kafka's log and group defaults. */
    public BrokerConfig(String host, int port, String advertisedHost, int nodeId, StorageKind storage, Path dataDir,
                        FsyncPolicy fsync, int defaultPartitions, boolean autoCreateTopics, int maxRequestBytes,
                        int ioThreads) {
        this(host, port, advertisedHost, nodeId, storage, dataDir, fsync, defaultPartitions, autoCreateTopics, maxRequestBytes,
                ioThreads, LogConfig.KAFKA_DEFAULTS, BrokerSettings.DEFAULT_RETENTION_CHECK_INTERVAL, Set.of(),
                GroupSettings.kafkaDefaults());
    }

    /** A broker on loopback with an ephemeral port and defaults elsewhere; for tests and embedding. */
    public static BrokerConfig loopback(StorageKind storage, Path dataDir) {
        return new BrokerConfig("127.0.0.1", 0, "127.0.0.1", 1, storage, dataDir, FsyncPolicy.NEVER, 1, true,
                100 * 1024 * 1024, 2);
    }

    public BrokerConfig withDefaultPartitions(int partitions) {
        return new BrokerConfig(host, port, advertisedHost, nodeId, storage, dataDir, fsync, partitions, autoCreateTopics,
                maxRequestBytes, ioThreads, logDefaults, retentionCheckInterval, explicitlySet, groups);
    }

    public BrokerConfig withLogDefaults(LogConfig defaults, Duration checkInterval) {
        return new BrokerConfig(host, port, advertisedHost, nodeId, storage, dataDir, fsync, defaultPartitions, autoCreateTopics,
                maxRequestBytes, ioThreads, defaults, checkInterval, explicitlySet, groups);
    }

    public BrokerConfig withGroups(GroupSettings groupSettings) {
        return new BrokerConfig(host, port, advertisedHost, nodeId, storage, dataDir, fsync, defaultPartitions,
                autoCreateTopics, maxRequestBytes, ioThreads, logDefaults, retentionCheckInterval, explicitlySet,
                groupSettings);
    }

    /** The settings the application's use cases obey. */
    public BrokerSettings brokerSettings() {
        return new BrokerSettings(defaultPartitions, autoCreateTopics, logDefaults.maxMessageBytes(),
                logDefaults.retentionMs(), logDefaults.retentionBytes(), logDefaults.messageTimestampType(),
                retentionCheckInterval, explicitlySet, groups);
    }
}
