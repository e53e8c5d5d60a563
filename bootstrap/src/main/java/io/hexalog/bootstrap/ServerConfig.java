package io.hexalog.bootstrap;

import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter;
import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.application.service.BrokerConfig;
import io.hexalog.application.service.GroupCoordinatorConfig;
import io.hexalog.domain.config.LogConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the broker is started with, parsed and checked, in four parts: where it listens, where it
 * stores, how it behaves, and where its admin HTTP API listens. Each part refuses a bad value naming the
 * flag, as the operator typed it.
 */
public record ServerConfig(Listener listener, Storage storage, Broker broker, Http http) {

    public ServerConfig {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(http, "http");
    }

    /** A broker without the admin HTTP API. */
    public ServerConfig(Listener listener, Storage storage, Broker broker) {
        this(listener, storage, broker, Http.OFF);
    }

    /**
     * A broker on loopback with an ephemeral port, node 1 and Kafka's defaults elsewhere, without the admin
     * HTTP API; for tests and embedding.
     */
    public static ServerConfig loopback(StorageKind kind, Path dataDir) {
        return new ServerConfig(
                new Listener("127.0.0.1", 0, "127.0.0.1", KafkaProtocolAdapter.DEFAULT_MAX_REQUEST_BYTES, 2, false),
                new Storage(kind, dataDir, FsyncPolicy.NEVER),
                new Broker(1, 1, true, LogConfig.KAFKA_DEFAULTS, BrokerConfig.DEFAULT_RETENTION_CHECK_INTERVAL,
                        Set.of(), GroupCoordinatorConfig.kafkaDefaults()));
    }

    /** This configuration with the admin HTTP API on {@code http}. */
    public ServerConfig withHttp(Http http) {
        return new ServerConfig(listener, storage, broker, http);
    }

    ServerConfig withLogDefaults(LogConfig defaults, Duration checkInterval) {
        return new ServerConfig(listener, storage, broker.withLogDefaults(defaults, checkInterval), http);
    }

    ServerConfig withGroups(GroupCoordinatorConfig groups) {
        return new ServerConfig(listener, storage, broker.withGroups(groups), http);
    }

    /**
     * Where clients connect: Kafka's {@code listeners} and {@code advertised.listeners}, for one plaintext
     * listener.
     *
     * @param port            0 picks a free one
     * @param advertisedHost  the host clients are told to connect to
     * @param maxRequestBytes larger request frames close the connection ({@code socket.request.max.bytes})
     * @param ioThreads       event-loop threads serving connections
     * @param traceProtocol   whether every request and its response are logged on one line each
     *                        ({@code log.trace.protocol}, not a Kafka config)
     */
    public record Listener(String host, int port, String advertisedHost, int maxRequestBytes, int ioThreads,
                           boolean traceProtocol) {

        public Listener {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(advertisedHost, "advertisedHost");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
            }
            if (maxRequestBytes < 1) {
                throw new IllegalArgumentException("--max-request-bytes must be positive, was " + maxRequestBytes);
            }
            if (ioThreads < 1) {
                throw new IllegalArgumentException("--io-threads must be positive, was " + ioThreads);
            }
        }
    }

    /**
     * Where the logs live.
     *
     * @param dataDir where persistent storage keeps its files ({@code log.dirs}); unused in memory
     * @param fsync   when persistent storage forces its write-ahead log to disk
     */
    public record Storage(StorageKind kind, Path dataDir, FsyncPolicy fsync) {

        public Storage {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(fsync, "fsync");
        }
    }

    /**
     * This broker's node ID and the broker-level configs its use cases obey. {@link #settings()} hands them
     * to the application, whose own checks cannot name flags.
     *
     * @param nodeId                 {@code node.id}
     * @param defaultPartitions      partitions of a topic created without a count ({@code num.partitions})
     * @param autoCreateTopics       whether Metadata creates unknown topics ({@code auto.create.topics.enable})
     * @param logDefaults            what topics obey where they set nothing themselves ({@code message.max.bytes},
     *                               {@code log.retention.ms}, {@code log.retention.bytes},
     *                               {@code log.message.timestamp.type})
     * @param retentionCheckInterval how often retention runs ({@code log.retention.check.interval.ms})
     * @param explicitlySet          the Kafka config names the operator set, by flag or in the config file
     * @param groups                 consumer group and committed offset settings
     */
    public record Broker(int nodeId, int defaultPartitions, boolean autoCreateTopics, LogConfig logDefaults,
                         Duration retentionCheckInterval, Set<String> explicitlySet, GroupCoordinatorConfig groups) {

        public Broker {
            if (nodeId < 0) {
                throw new IllegalArgumentException("--node-id must not be negative, was " + nodeId);
            }
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("--num-partitions must be at least 1, was " + defaultPartitions);
            }
            Objects.requireNonNull(logDefaults, "logDefaults");
            if (retentionCheckInterval.isNegative() || retentionCheckInterval.isZero()) {
                throw new IllegalArgumentException("--log-retention-check-interval-ms must be positive, was "
                        + retentionCheckInterval.toMillis());
            }
            explicitlySet = Set.copyOf(explicitlySet);
            Objects.requireNonNull(groups, "groups");
        }

        /** The settings the application's use cases obey. */
        BrokerConfig settings() {
            return new BrokerConfig(defaultPartitions, autoCreateTopics, logDefaults.maxMessageBytes(),
                    logDefaults.retentionMs(), logDefaults.retentionBytes(), logDefaults.messageTimestampType(),
                    retentionCheckInterval, explicitlySet, groups);
        }

        Broker withLogDefaults(LogConfig defaults, Duration checkInterval) {
            return new Broker(nodeId, defaultPartitions, autoCreateTopics, defaults, checkInterval, explicitlySet,
                    groups);
        }

        Broker withGroups(GroupCoordinatorConfig groupSettings) {
            return new Broker(nodeId, defaultPartitions, autoCreateTopics, logDefaults, retentionCheckInterval,
                    explicitlySet, groupSettings);
        }
    }

    /**
     * Where the admin HTTP API (REST v3, health checks, API description) listens.
     *
     * @param host the address to listen on ({@code http.host})
     * @param port 0 picks a free one; {@value #DISABLED} turns the API off ({@code http.port})
     */
    public record Http(String host, int port) {

        /** The port that turns the admin HTTP API off. */
        public static final int DISABLED = -1;
        public static final int DEFAULT_PORT = 8082;
        static final Http OFF = new Http("127.0.0.1", DISABLED);

        public Http {
            Objects.requireNonNull(host, "host");
            if (port < DISABLED || port > 65535) {
                throw new IllegalArgumentException("--http-port must be between 0 and 65535, or -1 to turn HTTP off, was "
                        + port);
            }
        }

        /** On loopback with an ephemeral port, for tests. */
        public static Http loopback() {
            return new Http("127.0.0.1", 0);
        }

        public boolean enabled() {
            return port != DISABLED;
        }
    }
}
