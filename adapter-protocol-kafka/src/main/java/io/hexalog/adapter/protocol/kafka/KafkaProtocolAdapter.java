package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterGroupConfigsUseCase;
import io.hexalog.application.port.in.AutoCreateTopicUseCase;
import io.hexalog.application.port.in.BrokerLoggersUseCase;
import io.hexalog.application.port.in.CommitOffsetsUseCase;
import io.hexalog.application.port.in.CreatePartitionsUseCase;
import io.hexalog.application.port.in.CreateTopicUseCase;
import io.hexalog.application.port.in.DeleteGroupsUseCase;
import io.hexalog.application.port.in.DeleteRecordsUseCase;
import io.hexalog.application.port.in.DeleteTopicUseCase;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.application.port.in.ConsumerGroupHeartbeatUseCase;
import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.in.DescribeGroupsQuery;
import io.hexalog.application.port.in.DescribeLogDirsQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.application.port.in.DescribeProducersQuery;
import io.hexalog.application.port.in.DescribeTransactionsQuery;
import io.hexalog.application.port.in.ElectLeadersUseCase;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FindCoordinatorQuery;
import io.hexalog.application.port.in.GroupMembershipUseCase;
import io.hexalog.application.port.in.InitProducerIdUseCase;
import io.hexalog.application.port.in.InitTransactionalProducerUseCase;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.OffsetForLeaderEpochQuery;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.application.port.in.TransactionUseCase;
import io.hexalog.application.port.in.TxnOffsetCommitUseCase;
import io.hexalog.application.port.out.RecordBatchRewriter;
import io.hexalog.application.port.out.TopicPatternCompiler;
import io.hexalog.application.port.in.WriteTxnMarkersUseCase;
import io.hexalog.application.port.out.RecordTimestampReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Kafka protocol adapter's entry point: builds the listener that serves the Kafka APIs from the
 * application's use cases, and offers the outbound adapter that reads record timestamps with Kafka's
 * record classes.
 */
public final class KafkaProtocolAdapter {

    /** Kafka's {@code socket.request.max.bytes} default. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 100 * 1024 * 1024;

    /** Kafka's broker {@code fetch.max.bytes} default (55 MiB): the most one fetch response holds. */
    public static final int DEFAULT_FETCH_MAX_BYTES = 55 * 1024 * 1024;

    /**
     * How many requests one connection may have awaiting their response by default: more than clients keep
     * (five for the Java client and for librdkafka's idempotent producer, one fetch per broker for
     * consumers), so that pipelining is never the bottleneck, and few enough that one connection cannot
     * start an unbounded amount of work.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = 32;

    /** The share of the JVM's maximum heap that fetch responses may hold by default: one quarter. */
    static final int FETCH_MEMORY_SHARE_OF_HEAP = 4;

    /** The logger the protocol trace writes its INFO lines to, when {@link ListenerConfig#traceProtocol()} is on. */
    public static final String PROTOCOL_TRACE_LOGGER = "io.hexalog.protocol.trace";

    private KafkaProtocolAdapter() {
    }

    /**
     * Where and how the listener accepts connections, and how much each may hold.
     *
     * @param maxRequestBytes                  larger frames close the connection
     *                                         ({@code socket.request.max.bytes}); also the most bytes of
     *                                         requests one connection may have in flight, unless it has
     *                                         only one
     * @param ioThreads                        event-loop threads serving connections
     * @param traceProtocol                    whether every request and its response are logged, one line
     *                                         each, on {@value #PROTOCOL_TRACE_LOGGER}; off, the trace costs
     *                                         nothing
     * @param maxInFlightRequestsPerConnection the most requests one connection may have awaiting their
     *                                         response; more are read only once one has been answered
     *                                         ({@code connection.max.in.flight.requests})
     * @param fetchMaxBytes                    the most one fetch response holds, the first batch aside
     *                                         ({@code fetch.max.bytes})
     * @param fetchMemoryBytes                 the most bytes all fetch responses may hold at once, each
     *                                         exceeding its share by at most one batch
     *                                         ({@code fetch.memory.bytes})
     * @param connections                      how many connections are kept open, and for how long without
     *                                         traffic
     */
    public record ListenerConfig(String host, int port, int maxRequestBytes, int ioThreads, boolean traceProtocol,
                                 int maxInFlightRequestsPerConnection, int fetchMaxBytes, long fetchMemoryBytes,
                                 ConnectionLimits connections) {

        public ListenerConfig {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(connections, "connections");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            if (maxRequestBytes < 1) {
                throw new IllegalArgumentException("max request bytes must be positive: " + maxRequestBytes);
            }
            if (ioThreads < 1) {
                throw new IllegalArgumentException("io threads must be positive: " + ioThreads);
            }
            if (maxInFlightRequestsPerConnection < 1) {
                throw new IllegalArgumentException("max in-flight requests per connection must be positive: "
                        + maxInFlightRequestsPerConnection);
            }
            if (fetchMaxBytes < 0) {
                throw new IllegalArgumentException("fetch max bytes must not be negative: " + fetchMaxBytes);
            }
            if (fetchMemoryBytes < 1) {
                throw new IllegalArgumentException("fetch memory bytes must be positive: " + fetchMemoryBytes);
            }
        }

        /**
         * A listener with the default limits: {@value #DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION} requests in
         * flight per connection, Kafka's {@code fetch.max.bytes}, the default fetch memory and Kafka's connection
         * limits (none but closing connections idle for ten minutes).
         */
        public ListenerConfig(String host, int port, int maxRequestBytes, int ioThreads, boolean traceProtocol) {
            this(host, port, maxRequestBytes, ioThreads, traceProtocol, DEFAULT_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                    DEFAULT_FETCH_MAX_BYTES, defaultFetchMemoryBytes(), ConnectionLimits.KAFKA_DEFAULTS);
        }

        /** The same listener with other connection limits. */
        public ListenerConfig withConnections(ConnectionLimits limits) {
            return new ListenerConfig(host, port, maxRequestBytes, ioThreads, traceProtocol,
                    maxInFlightRequestsPerConnection, fetchMaxBytes, fetchMemoryBytes, limits);
        }
    }

    /**
     * How many connections the listener keeps open, and for how long without traffic. A connection counts from
     * its accept to its close, by the IP address it comes from. One over a limit is closed as soon as it is
     * accepted, before anything is read from it, with one log line; so is one on which no byte was read or
     * written for {@code connectionsMaxIdleMs}. The client sees a closed socket and connects again after its
     * {@code reconnect.backoff.ms}.
     *
     * @param maxConnections               connections open at once on the whole listener ({@code max.connections})
     * @param maxConnectionsPerIp          connections open at once from one IP address ({@code max.connections.per.ip});
     *                                     0 only with overrides, to admit the listed hosts alone
     * @param maxConnectionsPerIpOverrides the limit of particular hosts, by host name or IP address, instead of
     *                                     {@code maxConnectionsPerIp} ({@code max.connections.per.ip.overrides});
     *                                     names are resolved when the listener starts
     * @param connectionsMaxIdleMs         how long a connection may go without a byte read or written before it is
     *                                     closed ({@code connections.max.idle.ms}); negative never closes one
     */
    public record ConnectionLimits(int maxConnections, int maxConnectionsPerIp,
                                   Map<String, Integer> maxConnectionsPerIpOverrides, long connectionsMaxIdleMs) {

        /** Kafka's defaults: no limit on counts, and ten minutes of idleness. */
        public static final ConnectionLimits KAFKA_DEFAULTS =
                new ConnectionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Map.of(), Duration.ofMinutes(10).toMillis());

        public ConnectionLimits {
            if (maxConnections < 0) {
                throw new IllegalArgumentException("max.connections must not be negative: " + maxConnections);
            }
            if (maxConnectionsPerIp < 0) {
                throw new IllegalArgumentException("max.connections.per.ip must not be negative: " + maxConnectionsPerIp);
            }
            maxConnectionsPerIpOverrides = Map.copyOf(maxConnectionsPerIpOverrides);
            if (maxConnectionsPerIp == 0 && maxConnectionsPerIpOverrides.isEmpty()) {
                throw new IllegalArgumentException(
                        "max.connections.per.ip may be 0 only with max.connections.per.ip.overrides");
            }
            maxConnectionsPerIpOverrides.forEach((host, count) -> {
                if (host.isBlank() || count < 0) {
                    throw new IllegalArgumentException("max.connections.per.ip.overrides needs a host and a count "
                            + "that is not negative: " + host + ":" + count);
                }
            });
            if (connectionsMaxIdleMs == 0) {
                throw new IllegalArgumentException(
                        "connections.max.idle.ms must be positive, or negative to keep idle connections");
            }
        }

        /** Whether connections are closed after {@link #connectionsMaxIdleMs()} without traffic. */
        public boolean closesIdleConnections() {
            return connectionsMaxIdleMs > 0;
        }
    }

    /**
     * What the listener tells when it can no longer serve: an {@link Error} (an {@link OutOfMemoryError}, a
     * {@link StackOverflowError}...) reached it while serving a request, or its server channel closed or an
     * event loop stopped without the broker asking. Such a listener would stay in the process serving
     * nothing, so it reports instead of answering with an error code, and the broker decides what happens next
     * (it exits, so that a supervisor restarts it). The connection that met the error is closed unanswered.
     *
     * <p>Called on any thread, possibly more than once for one failure; must not throw, and must not keep the
     * caller (it may be an event loop) waiting long.
     */
    @FunctionalInterface
    public interface FatalErrorHandler {

        /**
         * @param what  what failed, in a few words, such as "serving Fetch"
         * @param cause the error; for a listener that stopped, an exception saying so
         */
        void onFatalError(String what, Throwable cause);
    }

    /**
     * Told what the listener serves, for metrics: every request answered and how long it took, the records
     * each Produce appended and the bytes each Fetch returned, by topic. Called on the event loops for every
     * request, so an implementation must be cheap (count into adders, look nothing up by building strings),
     * must never block and must never throw. {@link #NONE} costs nothing.
     */
    public interface TrafficListener {

        /** Hears nothing. */
        TrafficListener NONE = new TrafficListener() {
            @Override
            public void requestCompleted(String api, long latencyNanos) {
            }

            @Override
            public void produced(String topic, int records, int bytes) {
            }

            @Override
            public void fetched(String topic, int bytes) {
            }
        };

        /**
         * A request was served: answered, or failed in a way that closed its connection.
         *
         * @param api          Kafka's name of the API, as in its request metrics: {@code Produce}, {@code Fetch},
         *                     {@code Metadata}...
         * @param latencyNanos from the request's parsing to its response being ready to write
         */
        void requestCompleted(String api, long latencyNanos);

        /**
         * A Produce appended batches to a partition of {@code topic} (a retried duplicate counts again, as it
         * does in Kafka's {@code MessagesInPerSec}).
         *
         * @param records the records the batches hold, from their headers
         * @param bytes   the batches' size as sent
         */
        void produced(String topic, int records, int bytes);

        /** A Fetch returned {@code bytes} of stored batches of a partition of {@code topic}. */
        void fetched(String topic, int bytes);
    }

    /**
     * The inbound ports the Kafka APIs are served from. {@code configs} describes topic configs for
     * DescribeConfigs and for the answer to CreateTopics.
     */
    public record UseCases(ProduceUseCase produce, FetchRecordsQuery fetch, ListOffsetsQuery listOffsets,
                           InitProducerIdUseCase initProducerId, CreateTopicUseCase createTopic,
                           AutoCreateTopicUseCase autoCreateTopic, DeleteTopicUseCase deleteTopic,
                           DescribeTopicsQuery topics, DescribeConfigsQuery configs, DescribeClusterQuery cluster) {

        public UseCases {
            Objects.requireNonNull(produce, "produce");
            Objects.requireNonNull(fetch, "fetch");
            Objects.requireNonNull(listOffsets, "listOffsets");
            Objects.requireNonNull(initProducerId, "initProducerId");
            Objects.requireNonNull(createTopic, "createTopic");
            Objects.requireNonNull(autoCreateTopic, "autoCreateTopic");
            Objects.requireNonNull(deleteTopic, "deleteTopic");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(configs, "configs");
            Objects.requireNonNull(cluster, "cluster");
        }
    }

    /**
     * The inbound ports of topic and log administration: CreatePartitions, altering configs (of topics and of
     * groups), DeleteRecords, epochs, log directories, the levels of the broker's loggers (the {@code BROKER_LOGGER}
     * config resource) and leader elections.
     */
    public record AdminUseCases(CreatePartitionsUseCase createPartitions, AlterConfigsUseCase alterConfigs,
                                DeleteRecordsUseCase deleteRecords, OffsetForLeaderEpochQuery offsetForLeaderEpoch,
                                DescribeLogDirsQuery describeLogDirs, BrokerLoggersUseCase brokerLoggers,
                                ElectLeadersUseCase electLeaders, AlterGroupConfigsUseCase alterGroupConfigs) {

        public AdminUseCases {
            Objects.requireNonNull(createPartitions, "createPartitions");
            Objects.requireNonNull(alterConfigs, "alterConfigs");
            Objects.requireNonNull(deleteRecords, "deleteRecords");
            Objects.requireNonNull(offsetForLeaderEpoch, "offsetForLeaderEpoch");
            Objects.requireNonNull(describeLogDirs, "describeLogDirs");
            Objects.requireNonNull(brokerLoggers, "brokerLoggers");
            Objects.requireNonNull(electLeaders, "electLeaders");
            Objects.requireNonNull(alterGroupConfigs, "alterGroupConfigs");
        }
    }

    /** The inbound ports the consumer group APIs are served from. */
    public record GroupUseCases(FindCoordinatorQuery coordinators, GroupMembershipUseCase membership,
                                CommitOffsetsUseCase commitOffsets, FetchOffsetsQuery fetchOffsets,
                                DescribeGroupsQuery describeGroups, DeleteGroupsUseCase deleteGroups,
                                ConsumerGroupHeartbeatUseCase consumerGroupHeartbeat,
                                ConsumerGroupsQuery consumerGroups) {

        public GroupUseCases {
            Objects.requireNonNull(coordinators, "coordinators");
            Objects.requireNonNull(membership, "membership");
            Objects.requireNonNull(commitOffsets, "commitOffsets");
            Objects.requireNonNull(fetchOffsets, "fetchOffsets");
            Objects.requireNonNull(describeGroups, "describeGroups");
            Objects.requireNonNull(deleteGroups, "deleteGroups");
            Objects.requireNonNull(consumerGroupHeartbeat, "consumerGroupHeartbeat");
            Objects.requireNonNull(consumerGroups, "consumerGroups");
        }
    }

    /**
     * The inbound ports of transactions: the transactional InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn,
     * EndTxn, TxnOffsetCommit (whose pending offsets OffsetFetch also asks about), DescribeTransactions,
     * ListTransactions, DescribeProducers and WriteTxnMarkers (the markers operators write to end hanging
     * transactions).
     */
    public record TransactionUseCases(InitTransactionalProducerUseCase initProducerId, TransactionUseCase transactions,
                                      TxnOffsetCommitUseCase txnOffsetCommit, DescribeTransactionsQuery describe,
                                      DescribeProducersQuery producers, WriteTxnMarkersUseCase markers) {

        public TransactionUseCases {
            Objects.requireNonNull(initProducerId, "initProducerId");
            Objects.requireNonNull(transactions, "transactions");
            Objects.requireNonNull(txnOffsetCommit, "txnOffsetCommit");
            Objects.requireNonNull(describe, "describe");
            Objects.requireNonNull(producers, "producers");
            Objects.requireNonNull(markers, "markers");
        }
    }

    /**
     * A listener serving every API: the core ones of {@code useCases}, topic and log administration, and
     * consumer groups and transactions; call {@link KafkaServer#start()} to bind it. An error it cannot serve
     * through goes to {@code fatalErrors}.
     */
    public static KafkaServer server(ListenerConfig config, UseCases useCases, AdminUseCases admin,
                                     GroupUseCases groups, TransactionUseCases transactions,
                                     FatalErrorHandler fatalErrors) {
        return server(config, useCases, admin, groups, transactions, fatalErrors, TrafficListener.NONE);
    }

    /**
     * A listener serving every API that tells {@code traffic} what it serves: every request, the records each
     * Produce appended and the bytes each Fetch returned.
     */
    public static KafkaServer server(ListenerConfig config, UseCases useCases, AdminUseCases admin,
                                     GroupUseCases groups, TransactionUseCases transactions,
                                     FatalErrorHandler fatalErrors, TrafficListener traffic) {
        FetchMemoryBudget fetchMemory = new FetchMemoryBudget(config.fetchMemoryBytes());
        return new KafkaServer(config, handlers(useCases, admin, groups, transactions, config.fetchMaxBytes(),
                fetchMemory, traffic),
                protocolTrace(config.traceProtocol(), useCases.topics()), fetchMemory, fatalErrors, traffic);
    }

    /**
     * The default of {@code fetch.memory.bytes}: a quarter of this JVM's maximum heap. Batches read for a
     * fetch live on the heap until the response is encoded (RocksDB hands back heap copies), and the encoded
     * response takes as much again of direct memory until it is sent; the remaining three quarters of the
     * heap stay for requests being served (up to {@code socket.request.max.bytes} per connection), the
     * in-memory store when it is used, and the collector's headroom. With a 1 GiB heap that is 256 MiB: four
     * fetches of Kafka's 55 MiB {@code fetch.max.bytes} at once, or 256 consumers' 1 MiB partitions.
     */
    public static long defaultFetchMemoryBytes() {
        return Math.max(1, Runtime.getRuntime().maxMemory() / FETCH_MEMORY_SHARE_OF_HEAP);
    }

    /** Reads timestamps of records inside a batch, for lookups by time. */
    public static RecordTimestampReader recordTimestampReader() {
        return new KafkaRecordTimestampReader();
    }

    /**
     * Asks the transaction coordinator on another broker of a cluster over the Kafka protocol (AddPartitionsToTxn of
     * KIP-890, as Kafka's brokers do); close it when the broker stops.
     *
     * @param clientId       the client ID its requests carry, such as {@code broker-2}
     * @param requestTimeout how long a request may wait for a connection and an answer
     */
    public static KafkaRemoteTransactionCoordinator remoteTransactionCoordinator(String clientId,
                                                                              Duration requestTimeout) {
        return new KafkaRemoteTransactionCoordinator(clientId, requestTimeout);
    }

    /**
     * Asks a partition's leader on another broker of a cluster for offsets over the Kafka protocol (ListOffsets, as
     * a consumer does), for the views that are not Kafka clients; close it when the broker stops.
     *
     * @param clientId       the client ID its requests carry, such as {@code broker-2}
     * @param requestTimeout how long a request may wait for a connection and an answer
     */
    public static KafkaRemotePartitionLeader remotePartitionLeader(String clientId, Duration requestTimeout) {
        return new KafkaRemotePartitionLeader(clientId, requestTimeout);
    }

    /** Reads and rewrites record batches for the log cleaner, in every codec, with Kafka's own record classes. */
    public static RecordBatchRewriter recordBatchRewriter() {
        return new KafkaRecordBatchRewriter();
    }

    /**
     * Compiles consumer-protocol members' regular expressions with RE2/J, as ConsumerGroupHeartbeat does: what a
     * coordinator that restores a group compiles its members' stored patterns with.
     */
    public static TopicPatternCompiler topicPatternCompiler() {
        return new Re2jTopicPatternCompiler();
    }

    /** The listener's trace, chosen once: logging every exchange, or doing nothing at all. */
    static ProtocolTrace protocolTrace(boolean on, DescribeTopicsQuery topics) {
        if (!on) {
            return ProtocolTrace.off();
        }
        return new LoggingProtocolTrace(id -> topics.findTopic(TopicIds.fromWire(id)).map(topic -> topic.name().value()));
    }

    /**
     * The handlers of every API the broker serves. They run on the event loops and never block: they compose
     * the futures the use cases return, and a use case that waits on storage does so on the application's
     * threads. Fetches read within {@code fetchMemory}, each response holding at most {@code fetchMaxBytes}.
     */
    static ApiHandlers handlers(UseCases useCases, AdminUseCases admin, GroupUseCases groups,
                                TransactionUseCases transactions, int fetchMaxBytes, FetchMemoryBudget fetchMemory) {
        return handlers(useCases, admin, groups, transactions, fetchMaxBytes, fetchMemory, TrafficListener.NONE);
    }

    /** The handlers of every API, Produce and Fetch telling {@code traffic} the records and bytes they move. */
    static ApiHandlers handlers(UseCases useCases, AdminUseCases admin, GroupUseCases groups,
                                TransactionUseCases transactions, int fetchMaxBytes, FetchMemoryBudget fetchMemory,
                                TrafficListener traffic) {
        TopicResolver topics = new TopicResolver(useCases.topics());
        List<ApiHandler<?, ?>> served = new ArrayList<>(List.of(
                new MetadataHandler(useCases.topics(), useCases.autoCreateTopic(), useCases.cluster()),
                new ProduceHandler(useCases.produce(), topics, useCases.cluster(), traffic),
                new FetchHandler(useCases.fetch(), topics, useCases.cluster(), fetchMaxBytes, fetchMemory, traffic),
                new ListOffsetsHandler(useCases.listOffsets(), topics, useCases.cluster()),
                new InitProducerIdHandler(useCases.initProducerId(), transactions.initProducerId()),
                new CreateTopicsHandler(useCases.createTopic(), useCases.configs(), useCases.cluster()),
                new DeleteTopicsHandler(useCases.deleteTopic()),
                new DescribeClusterHandler(useCases.cluster()),
                new DescribeTopicPartitionsHandler(useCases.topics(), useCases.cluster())));
        served.addAll(adminHandlers(admin, useCases, topics));
        served.addAll(groupHandlers(groups, useCases, topics, transactions));
        served.addAll(transactionHandlers(transactions, useCases, topics));
        if (useCases.cluster().hasMetadataQuorum()) {
            served.add(new DescribeQuorumHandler(useCases.cluster()));
        }
        served.add(new ApiVersionsHandler(List.copyOf(served), useCases.cluster(),
                transactions.transactions().transactionVersion()));
        return new ApiHandlers(served);
    }

    private static List<ApiHandler<?, ?>> adminHandlers(AdminUseCases admin, UseCases useCases, TopicResolver topics) {
        ConfigResources configResources = new ConfigResources(useCases.cluster());
        return List.of(
                new CreatePartitionsHandler(admin.createPartitions(), useCases.topics(), useCases.cluster()),
                new DescribeConfigsHandler(useCases.configs(), admin.brokerLoggers(), configResources),
                new AlterConfigsHandler(admin.alterConfigs(), admin.alterGroupConfigs(), configResources),
                new IncrementalAlterConfigsHandler(admin.alterConfigs(), admin.alterGroupConfigs(), admin.brokerLoggers(),
                        configResources),
                new DeleteRecordsHandler(admin.deleteRecords(), topics),
                new OffsetForLeaderEpochHandler(admin.offsetForLeaderEpoch(), topics, useCases.cluster()),
                new DescribeLogDirsHandler(admin.describeLogDirs(), useCases.topics()),
                new ElectLeadersHandler(admin.electLeaders()));
    }

    private static List<ApiHandler<?, ?>> transactionHandlers(TransactionUseCases transactions, UseCases useCases,
                                                              TopicResolver topics) {
        return List.of(
                new AddPartitionsToTxnHandler(transactions.transactions(), useCases.topics()),
                new AddOffsetsToTxnHandler(transactions.transactions()),
                new EndTxnHandler(transactions.transactions()),
                new TxnOffsetCommitHandler(transactions.txnOffsetCommit()),
                new DescribeTransactionsHandler(transactions.describe()),
                new ListTransactionsHandler(transactions.describe()),
                new DescribeProducersHandler(transactions.producers(), topics),
                new WriteTxnMarkersHandler(transactions.markers(), topics));
    }

    private static List<ApiHandler<?, ?>> groupHandlers(GroupUseCases groups, UseCases useCases, TopicResolver topics,
                                                        TransactionUseCases transactions) {
        return List.of(
                new FindCoordinatorHandler(groups.coordinators()),
                new JoinGroupHandler(groups.membership()),
                new SyncGroupHandler(groups.membership()),
                new HeartbeatHandler(groups.membership()),
                new LeaveGroupHandler(groups.membership()),
                new OffsetCommitHandler(groups.commitOffsets(), topics),
                new OffsetFetchHandler(groups.fetchOffsets(), useCases.topics(), topics, transactions.txnOffsetCommit()),
                new DescribeGroupsHandler(groups.describeGroups()),
                new ListGroupsHandler(groups.describeGroups(), groups.consumerGroups()),
                new ConsumerGroupHeartbeatHandler(groups.consumerGroupHeartbeat()),
                new ConsumerGroupDescribeHandler(groups.consumerGroups(), useCases.topics()),
                new DeleteGroupsHandler(groups.deleteGroups()),
                new OffsetDeleteHandler(groups.deleteGroups(), useCases.topics()));
    }
}
