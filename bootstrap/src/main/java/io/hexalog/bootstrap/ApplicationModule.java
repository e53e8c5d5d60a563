package io.hexalog.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hexalog.adapter.cluster.singlenode.DirectReplicatedLog;
import io.hexalog.adapter.cluster.singlenode.SingleNodeClusterView;
import io.hexalog.adapter.cluster.singlenode.SingleNodeLeaderElections;
import io.hexalog.adapter.replication.ratis.ClusterSettings;
import io.hexalog.adapter.replication.ratis.RatisClusterView;
import io.hexalog.adapter.replication.ratis.RatisLeaderElections;
import io.hexalog.adapter.replication.ratis.RatisNode;
import io.hexalog.adapter.replication.ratis.RatisReplicatedLog;
import io.hexalog.adapter.scheduler.jdk.ScheduledExecutorScheduler;
import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterGroupConfigsUseCase;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.in.AutoCreateTopicUseCase;
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
import io.hexalog.application.port.in.ElectLeadersUseCase;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FindCoordinatorQuery;
import io.hexalog.application.port.in.GroupMembershipUseCase;
import io.hexalog.application.port.in.InitProducerIdUseCase;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.LogSizeQuery;
import io.hexalog.application.port.in.OffsetForLeaderEpochQuery;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.application.port.in.DescribeProducersQuery;
import io.hexalog.application.port.in.DescribeTransactionsQuery;
import io.hexalog.application.port.in.InitTransactionalProducerUseCase;
import io.hexalog.application.port.in.ReadBufferUsageQuery;
import io.hexalog.application.port.in.TransactionUseCase;
import io.hexalog.application.port.in.TxnOffsetCommitUseCase;
import io.hexalog.application.port.in.WriteTxnMarkersUseCase;
import io.hexalog.application.port.out.CleanerCheckpointStore;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.ConsumerGroupStateStore;
import io.hexalog.application.port.out.GroupConfigStore;
import io.hexalog.application.port.out.LeaderElections;
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
import io.hexalog.application.service.ApplicationCore;
import io.hexalog.application.service.BrokerConfig;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The application: the outbound ports of the opened storage and of the runtime, the {@link ApplicationCore}
 * built on them, and every inbound port it serves. Only ports are bound, never services: the core is the one
 * place services are built, for the broker and for every test that needs one. Domain and application classes
 * carry no injection annotations.
 */
final class ApplicationModule extends AbstractModule {

    /** Where, under the data directory, a node of a cluster keeps its Raft logs. */
    static final String RAFT_DIRECTORY = "raft";
    /** Raft entries may carry this much at least, whatever message.max.bytes says (topics may allow more). */
    private static final int LARGEST_ENTRY_BYTES = 8 << 20;

    private final ServerConfig config;
    private final OpenedStorage storage;

    ApplicationModule(ServerConfig config, OpenedStorage storage) {
        this.config = config;
        this.storage = storage;
    }

    @Override
    protected void configure() {
        bind(OpenedStorage.class).toInstance(storage);
    }

    @Provides
    @Singleton
    BrokerConfig brokerConfig() {
        return config.cluster().map(cluster -> config.broker().settings()
                        .withDefaultReplicationFactor(cluster.defaultReplicationFactor()))
                .orElseGet(() -> config.broker().settings());
    }

    @Provides
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    @Singleton
    PartitionLogStore partitionLogStore(OpenedStorage storage) {
        return storage.partitionLogStore();
    }

    @Provides
    @Singleton
    TopicCatalog topicCatalog(OpenedStorage storage) {
        return storage.topicCatalog();
    }

    @Provides
    @Singleton
    ProducerIdBlockStore producerIdBlockStore(OpenedStorage storage) {
        return storage.producerIdBlockStore();
    }

    @Provides
    @Singleton
    CleanerCheckpointStore cleanerCheckpointStore(OpenedStorage storage) {
        return storage.cleanerCheckpointStore();
    }

    @Provides
    @Singleton
    AdvertisedListener advertisedListener() {
        return new AdvertisedListener(config.broker().nodeId(), config.listener().advertisedHost(),
                config.listener().port(), config.listener().advertisedPort());
    }

    @Provides
    @Singleton
    ClusterView clusterView(OpenedStorage storage, AdvertisedListener listener, Optional<RatisNode> cluster) {
        return cluster.<ClusterView>map(node -> new RatisClusterView(node, listener::node))
                .orElseGet(() -> new SingleNodeClusterView(storage.clusterId(), listener::node));
    }

    @Provides
    @Singleton
    LeaderElections leaderElections(ClusterView view, Optional<RatisNode> cluster) {
        return cluster.<LeaderElections>map(node -> new RatisLeaderElections(node, view))
                .orElseGet(SingleNodeLeaderElections::new);
    }

    /**
     * This node of the cluster, when the broker is one; nothing is started before the application starts. Its
     * RocksDB stores survive a restart, so its shard groups snapshot; stores in memory do not. Ratis draws each
     * election timeout between the configured one and one and a half times it, and a follower stands only once a
     * whole drawn timeout passed without a message from its leader: a dead leader's successor is elected one to
     * three timeouts after its last message (with twice it, up to four).
     */
    @Provides
    @Singleton
    Optional<RatisNode> clusterNode(AdvertisedListener listener) {
        return config.cluster().map(cluster -> new RatisNode(new ClusterSettings(config.broker().nodeId(),
                cluster.quorumVoters(), config.storage().dataDir().resolve(RAFT_DIRECTORY),
                Math.max(config.broker().logDefaults().maxMessageBytes(), LARGEST_ENTRY_BYTES),
                cluster.electionTimeout(), cluster.electionTimeout().multipliedBy(3).dividedBy(2),
                ClusterSettings.DEFAULT_REQUEST_TIMEOUT, listener::node,
                ClusterSettings.Snapshots.of(config.storage().kind() == StorageKind.ROCKSDB)
                        .withAbsentMemberLogRetention(cluster.replicaAbsenceMax()),
                cluster.defaultReplicationFactor(), cluster.replicaCopyBytesPerSecond(),
                ClusterSettings.StorageReserve.of(cluster.storageMinFreeBytes(), config.storage().dataDir()),
                cluster.replicaLagTimeMax())));
    }

    @Provides
    @Singleton
    ReplicatedLog replicatedLog(Optional<RatisNode> cluster, Provider<ApplicationCore> core) {
        Supplier<ApplyCommandUseCase> applier = () -> core.get().applyCommands();
        return cluster.<ReplicatedLog>map(node -> new RatisReplicatedLog(node, applier,
                () -> core.get().metadataCommands(), () -> core.get().copyReplicas()))
                .orElseGet(() -> new DirectReplicatedLog(applier));
    }

    @Provides
    @Singleton
    ScheduledExecutorScheduler scheduledExecutorScheduler(FatalErrorPolicy fatalErrors) {
        return new ScheduledExecutorScheduler(fatalErrors);
    }

    @Provides
    @Singleton
    Scheduler scheduler(ScheduledExecutorScheduler scheduler) {
        return scheduler;
    }

    @Provides
    @Singleton
    StorageWorkers storageWorkers(FatalErrorPolicy fatalErrors) {
        return new StorageWorkers(fatalErrors);
    }

    @Provides
    @Singleton
    CommittedOffsetStore committedOffsetStore(OpenedStorage storage) {
        return storage.committedOffsetStore();
    }

    @Provides
    @Singleton
    TransactionStateStore transactionStateStore(OpenedStorage storage) {
        return storage.transactionStateStore();
    }

    @Provides
    @Singleton
    GroupConfigStore groupConfigStore(OpenedStorage storage) {
        return storage.groupConfigStore();
    }

    @Provides
    @Singleton
    ConsumerGroupStateStore consumerGroupStateStore(OpenedStorage storage) {
        return storage.consumerGroupStateStore();
    }

    @Provides
    @Singleton
    ApplicationCore applicationCore(PartitionLogStore logs, TopicCatalog catalog, ProducerIdBlockStore producerIds,
                                    CommittedOffsetStore offsets, ClusterView cluster, ReplicatedLog replicatedLog,
                                    RecordTimestampReader timestamps, RecordBatchRewriter rewriter,
                                    Scheduler scheduler, Clock clock,
                                    StorageWorkers workers, LeaderElections elections, BrokerConfig settings,
                                    TransactionStateStore transactions, RemoteTransactionCoordinator remoteCoordinator,
                                    CleanerCheckpointStore cleanerCheckpoints, RemotePartitionLeader remoteLeader,
                                    GroupConfigStore groupConfigs, ConsumerGroupStateStore consumerGroupStates,
                                    TopicPatternCompiler topicPatterns) {
        return new ApplicationCore(new ApplicationCore.OutboundPorts(logs, catalog, producerIds, offsets, cluster,
                replicatedLog, timestamps, rewriter, scheduler, clock, workers, elections, transactions,
                remoteCoordinator, cleanerCheckpoints, remoteLeader, groupConfigs, consumerGroupStates, topicPatterns),
                settings,
                config.broker().transactions());
    }

    @Provides
    InitTransactionalProducerUseCase initTransactionalProducer(ApplicationCore core) {
        return core.initTransactionalProducer();
    }

    @Provides
    TransactionUseCase transactions(ApplicationCore core) {
        return core.transactions();
    }

    @Provides
    TxnOffsetCommitUseCase txnOffsetCommit(ApplicationCore core) {
        return core.txnOffsetCommit();
    }

    @Provides
    DescribeTransactionsQuery describeTransactions(ApplicationCore core) {
        return core.describeTransactions();
    }

    @Provides
    DescribeProducersQuery describeProducers(ApplicationCore core) {
        return core.describeProducers();
    }

    @Provides
    WriteTxnMarkersUseCase writeTxnMarkers(ApplicationCore core) {
        return core.writeTxnMarkers();
    }

    @Provides
    ProduceUseCase produce(ApplicationCore core) {
        return core.produce();
    }

    @Provides
    FetchRecordsQuery fetchRecords(ApplicationCore core) {
        return core.fetchRecords();
    }

    @Provides
    ListOffsetsQuery listOffsets(ApplicationCore core) {
        return core.listOffsets();
    }

    @Provides
    LogSizeQuery logSize(ApplicationCore core) {
        return core.logSize();
    }

    @Provides
    ReadBufferUsageQuery readBufferUsage(ApplicationCore core) {
        return core.readBufferUsage();
    }

    @Provides
    InitProducerIdUseCase initProducerId(ApplicationCore core) {
        return core.initProducerId();
    }

    @Provides
    CreateTopicUseCase createTopic(ApplicationCore core) {
        return core.createTopic();
    }

    @Provides
    AutoCreateTopicUseCase autoCreateTopic(ApplicationCore core) {
        return core.autoCreateTopic();
    }

    @Provides
    DeleteTopicUseCase deleteTopic(ApplicationCore core) {
        return core.deleteTopic();
    }

    @Provides
    DescribeTopicsQuery describeTopics(ApplicationCore core) {
        return core.describeTopics();
    }

    @Provides
    CreatePartitionsUseCase createPartitions(ApplicationCore core) {
        return core.createPartitions();
    }

    @Provides
    AlterConfigsUseCase alterConfigs(ApplicationCore core) {
        return core.alterConfigs();
    }

    @Provides
    AlterGroupConfigsUseCase alterGroupConfigs(ApplicationCore core) {
        return core.alterGroupConfigs();
    }

    @Provides
    DescribeConfigsQuery describeConfigs(ApplicationCore core) {
        return core.describeConfigs();
    }

    @Provides
    DescribeClusterQuery describeCluster(ApplicationCore core) {
        return core.describeCluster();
    }

    @Provides
    ElectLeadersUseCase electLeaders(ApplicationCore core) {
        return core.electLeaders();
    }

    @Provides
    DeleteRecordsUseCase deleteRecords(ApplicationCore core) {
        return core.deleteRecords();
    }

    @Provides
    OffsetForLeaderEpochQuery offsetForLeaderEpoch(ApplicationCore core) {
        return core.offsetForLeaderEpoch();
    }

    @Provides
    DescribeLogDirsQuery describeLogDirs(ApplicationCore core) {
        return core.describeLogDirs();
    }

    @Provides
    FindCoordinatorQuery findCoordinator(ApplicationCore core) {
        return core.findCoordinator();
    }

    @Provides
    GroupMembershipUseCase groupMembership(ApplicationCore core) {
        return core.groupMembership();
    }

    @Provides
    CommitOffsetsUseCase commitOffsets(ApplicationCore core) {
        return core.commitOffsets();
    }

    @Provides
    FetchOffsetsQuery fetchOffsets(ApplicationCore core) {
        return core.fetchOffsets();
    }

    @Provides
    DescribeGroupsQuery describeGroups(ApplicationCore core) {
        return core.describeGroups();
    }

    @Provides
    DeleteGroupsUseCase deleteGroups(ApplicationCore core) {
        return core.deleteGroups();
    }

    @Provides
    ConsumerGroupHeartbeatUseCase consumerGroupHeartbeat(ApplicationCore core) {
        return core.consumerGroupHeartbeat();
    }

    @Provides
    ConsumerGroupsQuery consumerGroups(ApplicationCore core) {
        return core.consumerGroups();
    }
}
