package io.hexalog.bootstrap;

import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter;
import io.hexalog.adapter.replication.ratis.ClusterSettings;
import io.hexalog.adapter.replication.ratis.QuorumVoter;
import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;
import io.hexalog.application.service.BrokerConfig;
import io.hexalog.application.service.GroupCoordinatorConfig;
import io.hexalog.application.service.LogCleanerConfig;
import io.hexalog.application.service.TransactionCoordinatorConfig;
import io.hexalog.domain.compaction.DedupeBuffer;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.policy.Decision;
import io.hexalog.domain.topic.PartitionCountPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the broker is started with, parsed and checked, in four parts: where it listens, where it
 * stores, how it behaves, and where its admin HTTP API listens. Each part refuses a bad value naming the
 * flag, as the operator typed it.
 */
public record ServerConfig(Listener listener, Storage storage, Broker broker, Http http, Optional<Cluster> cluster) {

    public ServerConfig {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(cluster, "cluster");
        cluster.ifPresent(replicated -> {
            if (broker.logDefaults().minInSyncReplicasPolicy().checkServable(replicated.defaultReplicationFactor())
                    instanceof Decision.Rejected rejected) {
                throw new IllegalArgumentException("--min-insync-replicas must be met by a majority of "
                        + "--default-replication-factor: " + rejected.error().getMessage());
            }
        });
    }

    /** A broker that runs alone. */
    public ServerConfig(Listener listener, Storage storage, Broker broker, Http http) {
        this(listener, storage, broker, http, Optional.empty());
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
                        Set.of(), GroupCoordinatorConfig.kafkaDefaults(), PartitionCountPolicy.DEFAULT_MAX_BROKER_PARTITIONS,
                        TransactionCoordinatorConfig.kafkaDefaults(), true, LogCleanerConfig.DEFAULT_BACKOFF,
                        DedupeBuffer.KAFKA_DEFAULTS));
    }

    /** This configuration with the admin HTTP API on {@code http}. */
    public ServerConfig withHttp(Http http) {
        return new ServerConfig(listener, storage, broker, http, cluster);
    }

    /** This configuration as one node of a cluster. */
    public ServerConfig withCluster(Cluster cluster) {
        return new ServerConfig(listener, storage, broker, http, Optional.of(cluster));
    }

    ServerConfig withLogDefaults(LogConfig defaults, Duration checkInterval) {
        return new ServerConfig(listener, storage, broker.withLogDefaults(defaults, checkInterval), http, cluster);
    }

    /** This configuration with the log cleaner resting {@code backoff} between rounds, such as a short one for tests. */
    ServerConfig withCleanerBackoff(Duration backoff) {
        Broker b = broker;
        return new ServerConfig(listener, storage, new Broker(b.nodeId(), b.defaultPartitions(), b.autoCreateTopics(),
                b.logDefaults(), b.retentionCheckInterval(), b.explicitlySet(), b.groups(), b.maxBrokerPartitions(),
                b.transactions(), b.cleanerEnabled(), backoff, b.cleanerDedupeBuffer()), http, cluster);
    }

    /** This configuration with each cleaning's keys in {@code buffer}, such as a small one for tests. */
    ServerConfig withCleanerDedupeBuffer(DedupeBuffer buffer) {
        Broker b = broker;
        return new ServerConfig(listener, storage, new Broker(b.nodeId(), b.defaultPartitions(), b.autoCreateTopics(),
                b.logDefaults(), b.retentionCheckInterval(), b.explicitlySet(), b.groups(), b.maxBrokerPartitions(),
                b.transactions(), b.cleanerEnabled(), b.cleanerBackoff(), buffer), http, cluster);
    }

    ServerConfig withMemoryMaxBytes(long memoryMaxBytes) {
        Storage budgeted = new Storage(storage.kind(), storage.dataDir(), storage.fsync(), memoryMaxBytes,
                storage.readPoolBytes());
        return new ServerConfig(listener, budgeted, broker, http, cluster);
    }

    /** This configuration with RocksDB's reads copying into {@code readPoolBytes} of direct memory. */
    ServerConfig withReadPoolBytes(long readPoolBytes) {
        Storage pooled = new Storage(storage.kind(), storage.dataDir(), storage.fsync(), storage.memoryMaxBytes(),
                readPoolBytes);
        return new ServerConfig(listener, pooled, broker, http, cluster);
    }

    /** This configuration with other consumer group settings, such as a shorter first rebalance for tests. */
    public ServerConfig withGroups(GroupCoordinatorConfig groups) {
        return new ServerConfig(listener, storage, broker.withGroups(groups), http, cluster);
    }

    /** This configuration with other transaction coordinator settings, such as a short timeout check for tests. */
    public ServerConfig withTransactions(TransactionCoordinatorConfig transactions) {
        return new ServerConfig(listener, storage, broker.withTransactions(transactions), http, cluster);
    }

    ServerConfig withNodeId(int nodeId) {
        Broker b = broker;
        return new ServerConfig(listener, storage, new Broker(nodeId, b.defaultPartitions(), b.autoCreateTopics(),
                b.logDefaults(), b.retentionCheckInterval(), b.explicitlySet(), b.groups(), b.maxBrokerPartitions(),
                b.transactions(), b.cleanerEnabled(), b.cleanerBackoff(), b.cleanerDedupeBuffer()), http, cluster);
    }

    ServerConfig withMaxBrokerPartitions(int limit) {
        Broker b = broker;
        return new ServerConfig(listener, storage, new Broker(b.nodeId(), b.defaultPartitions(), b.autoCreateTopics(),
                b.logDefaults(), b.retentionCheckInterval(), b.explicitlySet(), b.groups(), limit, b.transactions(),
                b.cleanerEnabled(), b.cleanerBackoff(), b.cleanerDedupeBuffer()), http, cluster);
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
     * @param maxInFlightRequestsPerConnection requests one connection may have awaiting their response
     *                        ({@code connection.max.in.flight.requests}, not a Kafka config)
     * @param fetchMaxBytes   the most one fetch response holds ({@code fetch.max.bytes})
     * @param fetchMemoryBytes the most all fetch responses hold at once ({@code fetch.memory.bytes}, not a
     *                        Kafka config)
     * @param connections     how many connections are kept open, and for how long without traffic
     * @param advertisedPort  the port clients are told to connect to, when it is not the one bound (a port
     *                        mapped by a container or a proxy, from {@code advertised.listeners}); 0 for the
     *                        bound one
     */
    public record Listener(String host, int port, String advertisedHost, int maxRequestBytes, int ioThreads,
                           boolean traceProtocol, int maxInFlightRequestsPerConnection, int fetchMaxBytes,
                           long fetchMemoryBytes, Connections connections, int advertisedPort) {

        public Listener {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(advertisedHost, "advertisedHost");
            Objects.requireNonNull(connections, "connections");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
            }
            if (maxRequestBytes < 1) {
                throw new IllegalArgumentException("--max-request-bytes must be positive, was " + maxRequestBytes);
            }
            if (ioThreads < 1) {
                throw new IllegalArgumentException("--network-threads must be positive, was " + ioThreads);
            }
            if (advertisedPort < 0 || advertisedPort > 65535) {
                throw new IllegalArgumentException("The advertised port must be between 0 and 65535, was "
                        + advertisedPort);
            }
            if (maxInFlightRequestsPerConnection < 1) {
                throw new IllegalArgumentException("--connection-max-in-flight-requests must be positive, was "
                        + maxInFlightRequestsPerConnection);
            }
            if (fetchMaxBytes < 0) {
                throw new IllegalArgumentException("--fetch-max-bytes must not be negative, was " + fetchMaxBytes);
            }
            if (fetchMemoryBytes < 1) {
                throw new IllegalArgumentException("--fetch-memory-bytes must be positive, was " + fetchMemoryBytes);
            }
        }

        /** A listener advertising the port it binds. */
        public Listener(String host, int port, String advertisedHost, int maxRequestBytes, int ioThreads,
                        boolean traceProtocol, int maxInFlightRequestsPerConnection, int fetchMaxBytes,
                        long fetchMemoryBytes, Connections connections) {
            this(host, port, advertisedHost, maxRequestBytes, ioThreads, traceProtocol,
                    maxInFlightRequestsPerConnection, fetchMaxBytes, fetchMemoryBytes, connections, 0);
        }

        /** A listener with the default in-flight and fetch memory limits and Kafka's connection limits. */
        public Listener(String host, int port, String advertisedHost, int maxRequestBytes, int ioThreads,
                        boolean traceProtocol) {
            this(host, port, advertisedHost, maxRequestBytes, ioThreads, traceProtocol,
                    KafkaProtocolAdapter.DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                    KafkaProtocolAdapter.DEFAULT_FETCH_MAX_BYTES, KafkaProtocolAdapter.defaultFetchMemoryBytes(),
                    Connections.kafkaDefaults());
        }

        /** The same listener, tracing the protocol or not. */
        public Listener withTraceProtocol(boolean trace) {
            return new Listener(host, port, advertisedHost, maxRequestBytes, ioThreads, trace,
                    maxInFlightRequestsPerConnection, fetchMaxBytes, fetchMemoryBytes, connections, advertisedPort);
        }

        /** The same listener with other connection limits. */
        public Listener withConnections(Connections limits) {
            return new Listener(host, port, advertisedHost, maxRequestBytes, ioThreads, traceProtocol,
                    maxInFlightRequestsPerConnection, fetchMaxBytes, fetchMemoryBytes, limits, advertisedPort);
        }
    }

    /**
     * Kafka's connection limits of the listener. Each value may come from a flag or the config file, so a bad one
     * is refused naming both.
     *
     * @param maxConnections               connections open at once ({@code max.connections})
     * @param maxConnectionsPerIp          connections open at once from one IP address ({@code max.connections.per.ip})
     * @param maxConnectionsPerIpOverrides limits of particular hosts or addresses ({@code max.connections.per.ip.overrides})
     * @param connectionsMaxIdleMs         how long a connection may stay silent before it is closed; negative keeps it
     *                                     ({@code connections.max.idle.ms})
     */
    public record Connections(int maxConnections, int maxConnectionsPerIp, Map<String, Integer> maxConnectionsPerIpOverrides,
                              long connectionsMaxIdleMs) {

        private static final String OVERRIDES = "--max-connections-per-ip-overrides (max.connections.per.ip.overrides)";

        public Connections {
            if (maxConnections < 0) {
                throw new IllegalArgumentException("--max-connections (max.connections) must not be negative, was "
                        + maxConnections);
            }
            if (maxConnectionsPerIp < 0) {
                throw new IllegalArgumentException("--max-connections-per-ip (max.connections.per.ip) must not be "
                        + "negative, was " + maxConnectionsPerIp);
            }
            maxConnectionsPerIpOverrides = Map.copyOf(maxConnectionsPerIpOverrides);
            if (maxConnectionsPerIp == 0 && maxConnectionsPerIpOverrides.isEmpty()) {
                throw new IllegalArgumentException("--max-connections-per-ip (max.connections.per.ip) may be 0 only "
                        + "with " + OVERRIDES + ": it would refuse every connection");
            }
            if (connectionsMaxIdleMs == 0) {
                throw new IllegalArgumentException("--connections-max-idle-ms (connections.max.idle.ms) must be "
                        + "positive, or -1 to keep idle connections, was 0");
            }
        }

        /** Kafka's defaults: no limit on counts, and idle connections closed after ten minutes. */
        public static Connections kafkaDefaults() {
            KafkaProtocolAdapter.ConnectionLimits kafka = KafkaProtocolAdapter.ConnectionLimits.KAFKA_DEFAULTS;
            return new Connections(kafka.maxConnections(), kafka.maxConnectionsPerIp(),
                    kafka.maxConnectionsPerIpOverrides(), kafka.connectionsMaxIdleMs());
        }

        /**
         * Reads Kafka's {@code host:count,host:count} list; the count follows the last colon, so an IPv6 address
         * may stand as it is ({@code ::1:10}) or in brackets ({@code [::1]:10}). Empty gives no overrides.
         */
        static Map<String, Integer> parseOverrides(String text) {
            Map<String, Integer> overrides = new LinkedHashMap<>();
            for (String entry : text.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int colon = entry.lastIndexOf(':');
                String host = colon < 0 ? "" : entry.substring(0, colon).trim().replaceAll("^\\[(.*)]$", "$1");
                Integer count = colon < 0 ? null : count(entry.substring(colon + 1).trim());
                if (host.isEmpty() || count == null || count < 0) {
                    throw new IllegalArgumentException(OVERRIDES + " needs host:count entries with a count that is "
                            + "not negative, was '" + entry.trim() + "'");
                }
                if (overrides.put(host, count) != null) {
                    throw new IllegalArgumentException(OVERRIDES + " names " + host + " twice");
                }
            }
            return overrides;
        }

        private static Integer count(String text) {
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        KafkaProtocolAdapter.ConnectionLimits limits() {
            return new KafkaProtocolAdapter.ConnectionLimits(maxConnections, maxConnectionsPerIp,
                    maxConnectionsPerIpOverrides, connectionsMaxIdleMs);
        }
    }

    /**
     * Where the logs live.
     *
     * @param dataDir        where persistent storage keeps its files ({@code log.dirs}); unused in memory
     * @param fsync          when persistent storage forces its write-ahead log to disk
     * @param memoryMaxBytes the direct memory the memory storage may hold for batches
     *                       ({@code log.memory.max.bytes}, not a Kafka config); unused by persistent storage
     * @param readPoolBytes  the direct memory RocksDB's reads may copy batches into, in whole buffers of
     *                       {@link RocksDbStorage#READ_BUFFER_BYTES}; 0 for none, every read then copies to the heap
     *                       ({@code log.rocksdb.read.pool.bytes}, not a Kafka config); unused by memory storage
     */
    public record Storage(StorageKind kind, Path dataDir, FsyncPolicy fsync, long memoryMaxBytes, long readPoolBytes) {

        public Storage {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(fsync, "fsync");
            if (memoryMaxBytes < 1) {
                throw new IllegalArgumentException("--memory-max-bytes must be positive, was " + memoryMaxBytes);
            }
            if (readPoolBytes != 0 && readPoolBytes < RocksDbStorage.READ_BUFFER_BYTES) {
                throw new IllegalArgumentException("--log-rocksdb-read-pool-bytes must be 0 (no pool: RocksDB reads "
                        + "copy batches to the heap) or at least " + RocksDbStorage.READ_BUFFER_BYTES
                        + " (one read buffer), was " + readPoolBytes);
            }
        }

        /** Storage whose RocksDB reads copy into the default pool. */
        public Storage(StorageKind kind, Path dataDir, FsyncPolicy fsync, long memoryMaxBytes) {
            this(kind, dataDir, fsync, memoryMaxBytes, RocksDbStorage.DEFAULT_READ_POOL_BYTES);
        }

        /** Storage whose memory budget is the default share of the JVM's direct memory. */
        public Storage(StorageKind kind, Path dataDir, FsyncPolicy fsync) {
            this(kind, dataDir, fsync, DirectMemory.memoryStoreDefaultBytes());
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
     * @param maxBrokerPartitions    the most partitions this broker hosts ({@code max.broker.partitions})
     * @param transactions           transaction coordinator settings
     * @param cleanerEnabled         whether compacted topics are cleaned ({@code log.cleaner.enable})
     * @param cleanerBackoff         how long the log cleaner rests when no log needs cleaning
     *                               ({@code log.cleaner.backoff.ms})
     * @param cleanerDedupeBuffer    the memory of one cleaning's keys ({@code log.cleaner.dedupe.buffer.size},
     *                               {@code log.cleaner.io.buffer.load.factor})
     */
    public record Broker(int nodeId, int defaultPartitions, boolean autoCreateTopics, LogConfig logDefaults,
                         Duration retentionCheckInterval, Set<String> explicitlySet, GroupCoordinatorConfig groups,
                         int maxBrokerPartitions, TransactionCoordinatorConfig transactions, boolean cleanerEnabled,
                         Duration cleanerBackoff, DedupeBuffer cleanerDedupeBuffer) {

        /** Kafka's floor of {@code log.cleaner.dedupe.buffer.size} per cleaner thread: more than 1 MiB. */
        static final long MIN_DEDUPE_BUFFER_EXCLUSIVE = 1024 * 1024;

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
            if (maxBrokerPartitions < 1) {
                throw new IllegalArgumentException("--max-broker-partitions must be at least 1, was " + maxBrokerPartitions);
            }
            Objects.requireNonNull(transactions, "transactions");
            if (cleanerBackoff.isNegative() || cleanerBackoff.isZero()) {
                throw new IllegalArgumentException("--log-cleaner-backoff-ms must be positive, was "
                        + cleanerBackoff.toMillis());
            }
            dedupeBuffer(cleanerDedupeBuffer.sizeBytes(), cleanerDedupeBuffer.loadFactor());
        }

        /**
         * The dedupe buffer of these sizes, with Kafka's checks in Kafka's order: the broker's floor of more than
         * 1 MiB first, then the cleaner's check that the map holds at least one key.
         */
        static DedupeBuffer dedupeBuffer(long sizeBytes, double loadFactor) {
            if (sizeBytes <= MIN_DEDUPE_BUFFER_EXCLUSIVE) {
                throw new IllegalArgumentException("log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner "
                        + "thread: --log-cleaner-dedupe-buffer-size must be more than " + MIN_DEDUPE_BUFFER_EXCLUSIVE
                        + ", was " + sizeBytes);
            }
            return new DedupeBuffer(sizeBytes, loadFactor);
        }

        /** The settings the application's use cases obey. */
        BrokerConfig settings() {
            return new BrokerConfig(defaultPartitions, autoCreateTopics, logDefaults.maxMessageBytes(),
                    logDefaults.retentionMs(), logDefaults.retentionBytes(), logDefaults.messageTimestampType(),
                    retentionCheckInterval, explicitlySet, groups, maxBrokerPartitions)
                    .withMinInSyncReplicas(logDefaults.minInSyncReplicas())
                    .withCleaner(new LogCleanerConfig(cleanerEnabled, cleanerBackoff, logDefaults.cleanupPolicy(),
                            logDefaults.compaction(), cleanerDedupeBuffer));
        }

        Broker withLogDefaults(LogConfig defaults, Duration checkInterval) {
            return new Broker(nodeId, defaultPartitions, autoCreateTopics, defaults, checkInterval, explicitlySet,
                    groups, maxBrokerPartitions, transactions, cleanerEnabled, cleanerBackoff, cleanerDedupeBuffer);
        }

        Broker withGroups(GroupCoordinatorConfig groupSettings) {
            return new Broker(nodeId, defaultPartitions, autoCreateTopics, logDefaults, retentionCheckInterval,
                    explicitlySet, groupSettings, maxBrokerPartitions, transactions, cleanerEnabled, cleanerBackoff,
                    cleanerDedupeBuffer);
        }

        Broker withTransactions(TransactionCoordinatorConfig transactionSettings) {
            return new Broker(nodeId, defaultPartitions, autoCreateTopics, logDefaults, retentionCheckInterval,
                    explicitlySet, groups, maxBrokerPartitions, transactionSettings, cleanerEnabled, cleanerBackoff,
                    cleanerDedupeBuffer);
        }
    }

    /**
     * Where the admin HTTP API (REST v3, health checks, API description) listens.
     *
     * @param host the address to listen on ({@code http.host})
     * @param port 0 picks a free one; {@value #DISABLED} turns the API off ({@code http.port})
     */
    /**
     * What makes the broker one node of a replicated cluster.
     *
     * @param quorumVoters             every node and its replication address ({@code --quorum-voters},
     *                                 {@code controller.quorum.voters}); this node's entry is found by node ID
     * @param defaultReplicationFactor {@code default.replication.factor}: the replicas of each partition of a
     *                                 topic created without a replication factor, from 1 to the number of voters
     * @param electionTimeout          how long a follower waits for its leader before it stands for election
     *                                 ({@code controller.quorum.election.timeout.ms}); elections are spread
     *                                 between it and one and a half times it. A partition's failover takes one
     *                                 to three times this long
     * @param replicaCopyBytesPerSecond the most bytes of batches a second a node that lost its data copies from the
     *                                 shard leaders ({@code replica.copy.max.bytes.per.second}); 0 for no limit
     * @param storageMinFreeBytes      the free space a node's data volume keeps ({@code storage.min.free.bytes}):
     *                                 below it, the partitions the node replicates refuse produce; 0 for none
     * @param replicaLagTimeMax        how long a follower may go without holding what its shard's leader had
     *                                 committed before it leaves the in-sync replicas ({@code replica.lag.time.max.ms})
     * @param replicaAbsenceMax        how long the others keep their shard logs for a node that stopped following
     *                                 them ({@code replica.absence.max.ms}); once back, a node they no longer kept
     *                                 them for copies what its partitions lack from the leaders
     */
    public record Cluster(List<QuorumVoter> quorumVoters, int defaultReplicationFactor, Duration electionTimeout,
                          long replicaCopyBytesPerSecond, long storageMinFreeBytes, Duration replicaLagTimeMax,
                          Duration replicaAbsenceMax) {

        /** Room for a second or two of a busy node's writes, RocksDB's flushes and Raft's own files. */
        public static final long DEFAULT_STORAGE_MIN_FREE_BYTES = 256L << 20;

        /** Kafka's default for {@code controller.quorum.election.timeout.ms}. */
        public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofMillis(1000);
        /** Below this a busy machine's pauses start elections for no reason. */
        static final Duration MIN_ELECTION_TIMEOUT = Duration.ofMillis(200);

        public Cluster {
            quorumVoters = List.copyOf(quorumVoters);
            if (quorumVoters.isEmpty()) {
                throw new IllegalArgumentException("--quorum-voters must name at least one node");
            }
            if (defaultReplicationFactor < 1 || defaultReplicationFactor > quorumVoters.size()) {
                throw new IllegalArgumentException("--default-replication-factor must be between 1 and the number of "
                        + "voters, " + quorumVoters.size() + ", was " + defaultReplicationFactor);
            }
            Objects.requireNonNull(electionTimeout, "electionTimeout");
            if (electionTimeout.compareTo(MIN_ELECTION_TIMEOUT) < 0) {
                throw new IllegalArgumentException("--quorum-election-timeout-ms must be at least "
                        + MIN_ELECTION_TIMEOUT.toMillis() + ", was " + electionTimeout.toMillis());
            }
            if (replicaCopyBytesPerSecond < 0) {
                throw new IllegalArgumentException("--replica-copy-max-bytes-per-second must be 0 (no limit) or more, "
                        + "was " + replicaCopyBytesPerSecond);
            }
            if (storageMinFreeBytes < 0) {
                throw new IllegalArgumentException("--storage-min-free-bytes must be 0 (no reserve) or more, was "
                        + storageMinFreeBytes);
            }
            Objects.requireNonNull(replicaLagTimeMax, "replicaLagTimeMax");
            if (replicaLagTimeMax.toMillis() < 1) {
                throw new IllegalArgumentException("--replica-lag-time-max-ms must be positive, was "
                        + replicaLagTimeMax.toMillis());
            }
            Objects.requireNonNull(replicaAbsenceMax, "replicaAbsenceMax");
            if (replicaAbsenceMax.toMillis() < 1) {
                throw new IllegalArgumentException("--replica-absence-max-ms must be positive, was "
                        + replicaAbsenceMax.toMillis());
            }
        }

        /** A cluster whose shard logs are kept for an absent node for the default time, 5 minutes. */
        public Cluster(List<QuorumVoter> quorumVoters, int defaultReplicationFactor, Duration electionTimeout,
                       long replicaCopyBytesPerSecond, long storageMinFreeBytes, Duration replicaLagTimeMax) {
            this(quorumVoters, defaultReplicationFactor, electionTimeout, replicaCopyBytesPerSecond,
                    storageMinFreeBytes, replicaLagTimeMax,
                    ClusterSettings.Snapshots.DEFAULT_ABSENT_MEMBER_LOG_RETENTION);
        }

        /** A cluster whose followers leave the in-sync replicas after Kafka's default lag, 30 s. */
        public Cluster(List<QuorumVoter> quorumVoters, int defaultReplicationFactor, Duration electionTimeout,
                       long replicaCopyBytesPerSecond, long storageMinFreeBytes) {
            this(quorumVoters, defaultReplicationFactor, electionTimeout, replicaCopyBytesPerSecond,
                    storageMinFreeBytes, ClusterSettings.DEFAULT_REPLICA_LAG_TIME_MAX);
        }

        /** A cluster whose nodes keep the default free space in reserve. */
        public Cluster(List<QuorumVoter> quorumVoters, int defaultReplicationFactor, Duration electionTimeout,
                       long replicaCopyBytesPerSecond) {
            this(quorumVoters, defaultReplicationFactor, electionTimeout, replicaCopyBytesPerSecond,
                    DEFAULT_STORAGE_MIN_FREE_BYTES);
        }

        /** A cluster whose nodes copy their replicas, when they lost their data, as fast as the leaders answer. */
        public Cluster(List<QuorumVoter> quorumVoters, int defaultReplicationFactor, Duration electionTimeout) {
            this(quorumVoters, defaultReplicationFactor, electionTimeout, 0);
        }

        /** A cluster of these voters whose replication factor is Kafka's default, min(3, number of voters). */
        public static Cluster of(List<QuorumVoter> voters) {
            return new Cluster(voters, Math.min(3, voters.size()), DEFAULT_ELECTION_TIMEOUT);
        }
    }

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
