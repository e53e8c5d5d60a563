package io.hexalog.application.service;

import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterGroupConfigsUseCase;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.in.CopyReplicaUseCase;
import io.hexalog.application.port.in.AutoCreateTopicUseCase;
import io.hexalog.application.port.in.BrokerLoggersUseCase;
import io.hexalog.application.port.in.CommitOffsetsUseCase;
import io.hexalog.application.port.in.ConsumerGroupHeartbeatUseCase;
import io.hexalog.application.port.in.ConsumerGroupsQuery;
import io.hexalog.application.port.in.CreatePartitionsUseCase;
import io.hexalog.application.port.in.CreateTopicUseCase;
import io.hexalog.application.port.in.DeleteGroupsUseCase;
import io.hexalog.application.port.in.DeleteRecordsUseCase;
import io.hexalog.application.port.in.DeleteTopicUseCase;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeConfigsQuery;
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
import io.hexalog.application.port.in.LogSizeQuery;
import io.hexalog.application.port.in.ReadBufferUsageQuery;
import io.hexalog.application.port.in.MetadataCommandsQuery;
import io.hexalog.application.port.in.OffsetForLeaderEpochQuery;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.application.port.in.TransactionUseCase;
import io.hexalog.application.port.in.TxnOffsetCommitUseCase;
import io.hexalog.application.port.in.WriteTxnMarkersUseCase;
import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.LeaderElections;
import io.hexalog.application.port.out.LoggerLevels;
import io.hexalog.application.port.out.PartitionLogStore;
import io.hexalog.application.port.out.ProducerIdBlockStore;
import io.hexalog.application.port.out.RecordBatchRewriter;
import io.hexalog.application.port.out.RecordTimestampReader;
import io.hexalog.application.port.out.RemotePartitionLeader;
import io.hexalog.application.port.out.RemoteTransactionCoordinator;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.application.port.out.Scheduler;
import io.hexalog.application.port.out.TopicCatalog;
import io.hexalog.application.port.out.TopicPatternCompiler;
import io.hexalog.application.port.out.TransactionStateStore;
import io.hexalog.domain.group.GroupId;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The composition root of the hexagon: the one place where the application's services are built from the
 * outbound ports, and where every inbound port is handed out. The broker's Guice modules provide each
 * inbound port from here, and every test that needs a whole broker builds one here too, so a test cannot be
 * wired differently from production.
 *
 * <p>Construction opens nothing; {@link #start()} opens the stored partitions and starts the background work
 * (retention, offset expiration) on the scheduler.
 */
public final class ApplicationCore {

    final PartitionRegistry partitions;
    final FetchPurgatory purgatory = new FetchPurgatory();
    final GroupTable groups;
    final LogRetentionService retention;
    final LogCleanerService cleaner;
    final OfflinePartitionRecovery recovery;
    private final OutboundPorts ports;
    private final CommandApplier applier;
    private final ReplicaCopyService replicaCopies;
    private final MetadataCommands metadataCommands;
    private final ProduceService produce;
    private final FetchService fetch;
    private final ListOffsetsService listOffsets;
    private final LeaderListOffsetsService leaderListOffsets;
    private final LeaderProduceService leaderProduce;
    private final LeaderFetchService leaderFetch;
    private final ProducerIdService producerIds;
    final TopicService topics;
    private final DeleteTopicWithOffsets deleteTopic;
    private final DescribeConfigsService configs;
    private final GroupConfigService groupConfigs;
    private final ClusterService cluster;
    private final DeleteRecordsService deleteRecords;
    private final LeaderEpochService leaderEpochs;
    private final LogDirService logDirs;
    private final CoordinatorLookup coordinators;
    private final GroupCoordinator membership;
    private final ConsumerGroupCoordinator consumerGroups;
    private final OffsetService offsets;
    private final GroupAdminService groupAdmin;
    private final OffsetExpiration offsetExpiration;
    private final LogSizeService logSizes;
    private final ReadBufferUsageQuery readBufferUsage;
    private final DescribeProducersService describeProducers;
    private final WriteTxnMarkersService txnMarkers;
    private final LeaderElectionService leaderElections;
    private final TransactionCoordinator transactions;
    private final TransactionalOffsets transactionalOffsets;
    final TransactionExpiration transactionExpiration;

    /**
     * Everything the application needs from outside.
     *
     * @param replicatedLog    where every change to shared state is submitted: applied at once on a single
     *                         broker, agreed with the others in a cluster
     * @param clock            the broker's wall clock: timestamps of LogAppendTime batches and of committed
     *                         offsets, retention and group session deadlines
     * @param blockingExecutor where the application calls the ports that block the calling thread (topic
     *                         catalog writes, committed offsets, producer ID blocks, opening partitions), so
     *                         that the callers of the inbound ports, event loops included, never wait on
     *                         storage. Commits of different groups run on it in parallel, so it should offer
     *                         several threads; tests pass {@code Runnable::run} to stay deterministic.
     * @param leaderElections  moves a partition's leadership to its preferred replica (ElectLeaders)
     * @param transactionStateStore the transaction coordinator's state and the offsets committed in transactions
     * @param recordBatchRewriter looks inside batches and rewrites them for the log cleaner, and finds records
     *                            without a key produced to compacted topics
     * @param remoteTransactionCoordinator how a partition's leader asks the transaction coordinator on another broker
     *                         of a cluster to add a partition to a transaction;
     *                         one that never reaches another broker on a single broker
     * @param cleanerCheckpointStore where the log cleaner's last cleaning of each partition stopped
     * @param remotePartitionLeader how the views that are not Kafka clients look offsets up on a partition's
     *                         leader on another broker of a cluster; one that never reaches another broker on a
     *                         single broker
     * @param groupConfigStore groups' own configs (config resource type GROUP)
     * @param consumerGroupStateStore consumer groups' durable state, which a coordinator taking a group over restores
     * @param topicPatternCompiler compiles the regular expressions of a restored group's members again (RE2/J)
     */
    public record OutboundPorts(PartitionLogStore partitionLogStore, TopicCatalog topicCatalog,
                                ProducerIdBlockStore producerIdBlockStore, CommittedOffsetStore committedOffsetStore,
                                ClusterView clusterView, ReplicatedLog replicatedLog,
                                RecordTimestampReader recordTimestampReader, RecordBatchRewriter recordBatchRewriter,
                                Scheduler scheduler, Clock clock, Executor blockingExecutor,
                                LeaderElections leaderElections, TransactionStateStore transactionStateStore,
                                RemoteTransactionCoordinator remoteTransactionCoordinator,
                                CleanerCheckpointStore cleanerCheckpointStore,
                                RemotePartitionLeader remotePartitionLeader, GroupConfigStore groupConfigStore,
                                ConsumerGroupStateStore consumerGroupStateStore,
                                TopicPatternCompiler topicPatternCompiler) {

        public OutboundPorts {
            Objects.requireNonNull(replicatedLog, "replicatedLog");
            Objects.requireNonNull(topicPatternCompiler, "topicPatternCompiler");
            Objects.requireNonNull(partitionLogStore, "partitionLogStore");
            Objects.requireNonNull(topicCatalog, "topicCatalog");
            Objects.requireNonNull(producerIdBlockStore, "producerIdBlockStore");
            Objects.requireNonNull(committedOffsetStore, "committedOffsetStore");
            Objects.requireNonNull(clusterView, "clusterView");
            Objects.requireNonNull(recordTimestampReader, "recordTimestampReader");
            Objects.requireNonNull(recordBatchRewriter, "recordBatchRewriter");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(blockingExecutor, "blockingExecutor");
            Objects.requireNonNull(leaderElections, "leaderElections");
            Objects.requireNonNull(transactionStateStore, "transactionStateStore");
            Objects.requireNonNull(remoteTransactionCoordinator, "remoteTransactionCoordinator");
            Objects.requireNonNull(cleanerCheckpointStore, "cleanerCheckpointStore");
            Objects.requireNonNull(remotePartitionLeader, "remotePartitionLeader");
            Objects.requireNonNull(groupConfigStore, "groupConfigStore");
            Objects.requireNonNull(consumerGroupStateStore, "consumerGroupStateStore");
        }
    }

    /** A core with Kafka's default transaction coordinator settings. */
    public ApplicationCore(OutboundPorts ports, BrokerConfig settings) {
        this(ports, settings, TransactionCoordinatorConfig.kafkaDefaults());
    }

    public ApplicationCore(OutboundPorts ports, BrokerConfig settings, TransactionCoordinatorConfig transactionSettings) {
        this.ports = ports;
        Executor blocking = ports.blockingExecutor();
        KeyedSerialExecutor<GroupId> groupLines = new KeyedSerialExecutor<>(blocking);
        partitions = new PartitionRegistry(ports.partitionLogStore(), ports.clusterView(), purgatory,
                settings.logDefaults());
        ReplicatedLog log = ports.replicatedLog();
        replicaCopies = new ReplicaCopyService(partitions, ports.partitionLogStore(), blocking);
        applier = new CommandApplier(ports.topicCatalog(), partitions, ports.partitionLogStore(),
                ports.committedOffsetStore(), ports.producerIdBlockStore(), ports.transactionStateStore(),
                ports.groupConfigStore(), ports.consumerGroupStateStore());
        metadataCommands = new MetadataCommands(ports.topicCatalog(), partitions, ports.committedOffsetStore(),
                ports.producerIdBlockStore(), ports.transactionStateStore(), ports.groupConfigStore(),
                ports.consumerGroupStateStore());
        GroupOffsets committedOffsets = new GroupOffsets(log, ports.committedOffsetStore());
        fetch = new FetchService(partitions, purgatory, ports.scheduler());
        listOffsets = new ListOffsetsService(partitions, ports.recordTimestampReader());
        leaderListOffsets = new LeaderListOffsetsService(listOffsets, ports.clusterView(), ports.remotePartitionLeader());
        producerIds = new ProducerIdService(new ReplicatedProducerIdBlocks(log), blocking);
        topics = new TopicService(ports.topicCatalog(), partitions, log, ports.clusterView(), settings, blocking);
        deleteTopic = new DeleteTopicWithOffsets(topics, committedOffsets, blocking);
        configs = new DescribeConfigsService(ports.topicCatalog(), settings, ports.groupConfigStore());
        groupConfigs = new GroupConfigService(ports.groupConfigStore(), log, settings.groups().consumerGroups(), blocking);
        cluster = new ClusterService(ports.clusterView(), partitions);
        deleteRecords = new DeleteRecordsService(partitions, log);
        leaderEpochs = new LeaderEpochService(partitions);
        logDirs = new LogDirService(partitions, ports.partitionLogStore(), ports.clusterView());
        retention = new LogRetentionService(partitions, log, ports.scheduler(), ports.clock(),
                settings.retentionCheckInterval());
        cleaner = new LogCleanerService(partitions, ports.recordBatchRewriter(), ports.cleanerCheckpointStore(),
                ports.scheduler(), ports.clock(), blocking, settings.cleaner());
        recovery = new OfflinePartitionRecovery(partitions, ports.partitionLogStore(), ports.scheduler(), blocking);
        ClusterView cluster = ports.clusterView();
        groups = new GroupTable(settings.groups(), ports.clock(), ports.scheduler(),
                () -> cluster.groupCoordinatorId() == cluster.localBroker().nodeId(), cluster::coordinatorEpoch);
        coordinators = new CoordinatorLookup(ports.clusterView());
        GroupConfigs ownTimeouts = new GroupConfigs(ports.groupConfigStore(), settings.groups().consumerGroups());
        ConsumerGroupTable consumerGroupTable = new ConsumerGroupTable(settings.groups().consumerGroups(),
                ports.clock(), ports.scheduler(), groups,
                new ConsumerGroupStates(log, ports.consumerGroupStateStore(), groups::coordinatorEpoch, blocking),
                ownTimeouts::timeouts, ports.topicPatternCompiler());
        membership = new GroupCoordinator(groups, UUID::randomUUID, Optional.of(new ClassicRequestsToConsumerGroups(
                consumerGroupTable, new CatalogTopicMetadata(ports.topicCatalog()), groupLines)));
        consumerGroups = new ConsumerGroupCoordinator(consumerGroupTable, groups, ports.topicCatalog(),
                UUID::randomUUID, groupLines);
        offsets = new OffsetService(groups, consumerGroupTable, committedOffsets, ports.topicCatalog(), settings.groups(),
                groupLines, blocking);
        groupAdmin = new GroupAdminService(groups, consumerGroupTable, committedOffsets, groupLines, blocking);
        offsetExpiration = new OffsetExpiration(groups, consumerGroupTable, committedOffsets, settings.groups(),
                ports.clock(), ports.scheduler(), groupLines, blocking);
        logSizes = new LogSizeService(partitions, ports.partitionLogStore());
        readBufferUsage = ports.partitionLogStore()::readBufferUsage;
        describeProducers = new DescribeProducersService(partitions, ports.clusterView());
        leaderElections = new LeaderElectionService(topics, this.cluster, ports.leaderElections());
        transactions = new TransactionCoordinator(
                new TransactionTable(ports.transactionStateStore(), groups::coordinates, cluster::coordinatorEpoch),
                log, producerIds,
                ports.topicCatalog(), transactionSettings, ports.clock(), ports.scheduler(), blocking);
        AddPartitionsToTxnManager additions = new AddPartitionsToTxnManager(transactions, cluster,
                ports.remoteTransactionCoordinator(), ports.scheduler());
        produce = new ProduceService(partitions, log, ports.clock(), additions, ports.recordBatchRewriter(),
                ports.clusterView());
        leaderProduce = new LeaderProduceService(produce, ports.clusterView(), ports.remotePartitionLeader());
        leaderFetch = new LeaderFetchService(fetch, ports.clusterView(), ports.remotePartitionLeader());
        txnMarkers = new WriteTxnMarkersService(partitions, log, ports.clock());
        TransactionalCommitterCheck committers = new ConsumerTransactionalCommitterCheck(consumerGroupTable,
                new ClassicTransactionalCommitterCheck(groups));
        transactionalOffsets = new TransactionalOffsets(transactions, additions, log, ports.transactionStateStore(),
                ports.topicCatalog(), committers, settings.groups().metadataPolicy(), ports.clock(), blocking);
        transactionExpiration = new TransactionExpiration(transactions, transactionSettings, ports.clock(),
                ports.scheduler(), blocking);
    }

    /**
     * Opens the partitions of every stored topic, starts the replicated log (which, in a cluster, applies what
     * it holds and joins the others) and starts retention, offset expiration and the recovery of
     * partitions a failed write takes offline.
     */
    public void start() {
        partitions.openAll(ports.topicCatalog());
        ports.replicatedLog().start();
        retention.start();
        cleaner.start();
        recovery.start();
        offsetExpiration.start();
        transactionExpiration.start();
    }

    /** Stops scheduling retention and recovery checks; offset expiration stops with the scheduler. */
    public void stop() {
        retention.stop();
        cleaner.stop();
        recovery.stop();
        transactionExpiration.stop();
        ports.replicatedLog().stop();
    }

    /**
     * What the replicated log applies its commands through: the adapter of the {@link ReplicatedLog} port is
     * given it (late, as the core is built from the adapter), and calls it for every command, in log order.
     */
    public ApplyCommandUseCase applyCommands() {
        return applier;
    }

    /**
     * How the replicated log's adapter copies partition replicas from a leader to a node that lost its data (ADR
     * 14), given it late as {@link #applyCommands} is.
     */
    public CopyReplicaUseCase copyReplicas() {
        return replicaCopies;
    }

    /**
     * The broker's metadata as the commands that rebuild it: what the replicated log's adapter snapshots, asked on
     * the thread that applies the log's metadata commands.
     */
    public MetadataCommandsQuery metadataCommands() {
        return metadataCommands;
    }

    /**
     * The levels of the broker's loggers, read and changed at run time. They depend on the logging system
     * only, not on storage or the other services, so they are built apart from them.
     */
    public static BrokerLoggersUseCase brokerLoggers(LoggerLevels levels) {
        return new BrokerLoggerService(levels);
    }

    /** Produce as Kafka clients send it: appended only by the partition's leader. */
    public ProduceUseCase produce() {
        return produce;
    }

    /**
     * Produce for the driving adapters that are not Kafka clients (the admin HTTP API): appended by this broker
     * where it leads the partition, and sent to the leader on another broker of a cluster otherwise.
     */
    public ProduceUseCase produceOnLeader() {
        return leaderProduce;
    }

    /** Fetch as Kafka clients send it: read only by the partitions' leader. */
    public FetchRecordsQuery fetchRecords() {
        return fetch;
    }

    /**
     * Fetch for the driving adapters that are not Kafka clients (the admin HTTP API): each partition read by this
     * broker where it leads it, and by its leader on another broker of a cluster otherwise.
     */
    public FetchRecordsQuery fetchRecordsOnLeader() {
        return leaderFetch;
    }

    public LogSizeQuery logSize() {
        return logSizes;
    }

    /** The storage's read buffers, as the partition log store reports them: nothing to decide on the way. */
    public ReadBufferUsageQuery readBufferUsage() {
        return readBufferUsage;
    }

    /** ListOffsets as Kafka clients ask it: answered only by the partition's leader. */
    public ListOffsetsQuery listOffsets() {
        return listOffsets;
    }

    /**
     * ListOffsets for the driving adapters that are not Kafka clients (the admin HTTP API): answered by this broker
     * where it leads the partition, and by the leader on another broker of a cluster otherwise.
     */
    public ListOffsetsQuery listOffsetsOnLeader() {
        return leaderListOffsets;
    }

    public InitProducerIdUseCase initProducerId() {
        return producerIds;
    }

    public CreateTopicUseCase createTopic() {
        return topics;
    }

    public AutoCreateTopicUseCase autoCreateTopic() {
        return topics;
    }

    /** Deletes a topic together with every group's committed offsets of it. */
    public DeleteTopicUseCase deleteTopic() {
        return deleteTopic;
    }

    public DescribeTopicsQuery describeTopics() {
        return topics;
    }

    public CreatePartitionsUseCase createPartitions() {
        return topics;
    }

    public AlterConfigsUseCase alterConfigs() {
        return topics;
    }

    public AlterGroupConfigsUseCase alterGroupConfigs() {
        return groupConfigs;
    }

    public DescribeConfigsQuery describeConfigs() {
        return configs;
    }

    public DescribeClusterQuery describeCluster() {
        return cluster;
    }

    /** Elects partition leaders on demand: ElectLeaders. */
    public ElectLeadersUseCase electLeaders() {
        return leaderElections;
    }

    public DeleteRecordsUseCase deleteRecords() {
        return deleteRecords;
    }

    public OffsetForLeaderEpochQuery offsetForLeaderEpoch() {
        return leaderEpochs;
    }

    public DescribeLogDirsQuery describeLogDirs() {
        return logDirs;
    }

    public FindCoordinatorQuery findCoordinator() {
        return coordinators;
    }

    public GroupMembershipUseCase groupMembership() {
        return membership;
    }

    /** ConsumerGroupHeartbeat: groups of the consumer protocol of KIP-848. */
    public ConsumerGroupHeartbeatUseCase consumerGroupHeartbeat() {
        return consumerGroups;
    }

    /** ConsumerGroupDescribe, and the consumer groups among ListGroups. */
    public ConsumerGroupsQuery consumerGroups() {
        return consumerGroups;
    }

    public CommitOffsetsUseCase commitOffsets() {
        return offsets;
    }

    public FetchOffsetsQuery fetchOffsets() {
        return offsets;
    }

    public DescribeGroupsQuery describeGroups() {
        return groupAdmin;
    }

    public DeleteGroupsUseCase deleteGroups() {
        return groupAdmin;
    }

    /** InitProducerId with a transactional ID. */
    public InitTransactionalProducerUseCase initTransactionalProducer() {
        return transactions;
    }

    /** AddPartitionsToTxn, AddOffsetsToTxn and EndTxn. */
    public TransactionUseCase transactions() {
        return transactions;
    }

    public DescribeTransactionsQuery describeTransactions() {
        return transactions;
    }

    /** DescribeProducers: the producer state of the partitions this broker leads. */
    public DescribeProducersQuery describeProducers() {
        return describeProducers;
    }

    /** WriteTxnMarkers: markers operators write to end hanging transactions. */
    public WriteTxnMarkersUseCase writeTxnMarkers() {
        return txnMarkers;
    }

    /** TxnOffsetCommit, and the pending offsets OffsetFetch with require_stable asks about. */
    public TxnOffsetCommitUseCase txnOffsetCommit() {
        return transactionalOffsets;
    }
}
