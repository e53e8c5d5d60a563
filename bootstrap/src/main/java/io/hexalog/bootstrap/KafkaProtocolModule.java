package io.hexalog.bootstrap;

import ch.qos.logback.classic.LoggerContext;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.hexalog.adapter.cluster.singlenode.SingleNodeRemotePartitionLeader;
import io.hexalog.adapter.cluster.singlenode.SingleNodeRemoteTransactionCoordinator;
import io.hexalog.adapter.protocol.kafka.KafkaProtocolAdapter;
import io.hexalog.adapter.protocol.kafka.KafkaRemotePartitionLeader;
import io.hexalog.adapter.protocol.kafka.KafkaRemoteTransactionCoordinator;
import io.hexalog.adapter.protocol.kafka.KafkaServer;
import io.hexalog.application.port.in.AlterConfigsUseCase;
import io.hexalog.application.port.in.AlterGroupConfigsUseCase;
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
import io.hexalog.application.port.in.ElectLeadersUseCase;
import io.hexalog.application.port.in.FetchOffsetsQuery;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.FindCoordinatorQuery;
import io.hexalog.application.port.in.GroupMembershipUseCase;
import io.hexalog.application.port.in.InitProducerIdUseCase;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.OffsetForLeaderEpochQuery;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.application.port.in.DescribeProducersQuery;
import io.hexalog.application.port.in.DescribeTransactionsQuery;
import io.hexalog.application.port.in.InitTransactionalProducerUseCase;
import io.hexalog.application.port.in.TransactionUseCase;
import io.hexalog.application.port.in.TxnOffsetCommitUseCase;
import io.hexalog.application.port.out.RecordBatchRewriter;
import io.hexalog.application.port.out.TopicPatternCompiler;
import io.hexalog.application.port.out.RemotePartitionLeader;
import io.hexalog.application.port.out.RemoteTransactionCoordinator;
import io.hexalog.application.port.in.WriteTxnMarkersUseCase;
import io.hexalog.application.port.out.RecordTimestampReader;
import io.hexalog.application.service.ApplicationCore;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * The Kafka protocol adapter: the listener serving the use cases, the record timestamp reader and batch rewriter, and
 * on a node of a cluster the client asking the transaction coordinator on another node.
 */
final class KafkaProtocolModule extends AbstractModule {

    /**
     * How long a partition's leader waits for the transaction coordinator on another node: less than a producer's
     * {@code request.timeout.ms} (30 s), so that the producer hears a retriable error rather than timing out.
     */
    static final Duration REMOTE_COORDINATOR_TIMEOUT = Duration.ofSeconds(10);

    private final ServerConfig.Listener listener;
    private final boolean clusterNode;
    private final int nodeId;

    /**
     * @param clusterNode whether the broker is a node of a cluster, where another node may coordinate transactions
     * @param nodeId      the broker's node ID, which names it in the requests it sends other nodes
     */
    KafkaProtocolModule(ServerConfig.Listener listener, boolean clusterNode, int nodeId) {
        this.listener = listener;
        this.clusterNode = clusterNode;
        this.nodeId = nodeId;
    }

    /** A node of a cluster asks the coordinator on another node over the Kafka protocol; the broker closes it. */
    @Provides
    @Singleton
    Optional<KafkaRemoteTransactionCoordinator> kafkaRemoteTransactionCoordinator() {
        return clusterNode
                ? Optional.of(KafkaProtocolAdapter.remoteTransactionCoordinator("broker-" + nodeId,
                        REMOTE_COORDINATOR_TIMEOUT))
                : Optional.empty();
    }

    @Provides
    @Singleton
    RemoteTransactionCoordinator remoteTransactionCoordinator(Optional<KafkaRemoteTransactionCoordinator> client) {
        return client.<RemoteTransactionCoordinator>map(remote -> remote)
                .orElseGet(SingleNodeRemoteTransactionCoordinator::new);
    }

    /** A node of a cluster asks a partition's leader on another node for offsets; the broker closes it. */
    @Provides
    @Singleton
    Optional<KafkaRemotePartitionLeader> kafkaRemotePartitionLeader() {
        return clusterNode
                ? Optional.of(KafkaProtocolAdapter.remotePartitionLeader("broker-" + nodeId, REMOTE_COORDINATOR_TIMEOUT))
                : Optional.empty();
    }

    @Provides
    @Singleton
    RemotePartitionLeader remotePartitionLeader(Optional<KafkaRemotePartitionLeader> client) {
        return client.<RemotePartitionLeader>map(remote -> remote).orElseGet(SingleNodeRemotePartitionLeader::new);
    }

    @Provides
    @Singleton
    RecordTimestampReader recordTimestampReader() {
        return KafkaProtocolAdapter.recordTimestampReader();
    }

    @Provides
    @Singleton
    RecordBatchRewriter recordBatchRewriter() {
        return KafkaProtocolAdapter.recordBatchRewriter();
    }

    @Provides
    @Singleton
    TopicPatternCompiler topicPatternCompiler() {
        return KafkaProtocolAdapter.topicPatternCompiler();
    }

    /** The levels of the broker's loggers, in Logback, where every line of its log goes. */
    @Provides
    @Singleton
    BrokerLoggersUseCase brokerLoggers() {
        return ApplicationCore.brokerLoggers(new LogbackLoggerLevels((LoggerContext) LoggerFactory.getILoggerFactory()));
    }

    @Provides
    @Singleton
    KafkaServer kafkaServer(ProduceUseCase produce, FetchRecordsQuery fetch, ListOffsetsQuery listOffsets,
                            InitProducerIdUseCase initProducerId, CreateTopicUseCase createTopic,
                            AutoCreateTopicUseCase autoCreateTopic, DeleteTopicUseCase deleteTopic,
                            DescribeTopicsQuery topics, DescribeConfigsQuery configs, DescribeClusterQuery cluster,
                            CreatePartitionsUseCase createPartitions, AlterConfigsUseCase alterConfigs,
                            AlterGroupConfigsUseCase alterGroupConfigs, DeleteRecordsUseCase deleteRecords, OffsetForLeaderEpochQuery offsetForLeaderEpoch,
                            DescribeLogDirsQuery describeLogDirs, FindCoordinatorQuery coordinators, GroupMembershipUseCase membership,
                            CommitOffsetsUseCase commitOffsets, FetchOffsetsQuery fetchOffsets,
                            DescribeGroupsQuery describeGroups, DeleteGroupsUseCase deleteGroups,
                            ConsumerGroupHeartbeatUseCase consumerGroupHeartbeat, ConsumerGroupsQuery consumerGroups,
                            BrokerLoggersUseCase brokerLoggers, ElectLeadersUseCase electLeaders,
                            InitTransactionalProducerUseCase initTransactionalProducer,
                            TransactionUseCase transactions, TxnOffsetCommitUseCase txnOffsetCommit,
                            DescribeTransactionsQuery describeTransactions, DescribeProducersQuery describeProducers,
                            WriteTxnMarkersUseCase writeTxnMarkers, FatalErrorPolicy fatalErrors,
                            KafkaProtocolAdapter.TrafficListener traffic) {
        KafkaProtocolAdapter.ListenerConfig listenerConfig = new KafkaProtocolAdapter.ListenerConfig(
                listener.host(), listener.port(), listener.maxRequestBytes(), listener.ioThreads(),
                listener.traceProtocol(), listener.maxInFlightRequestsPerConnection(), listener.fetchMaxBytes(),
                listener.fetchMemoryBytes(), listener.connections().limits());
        return KafkaProtocolAdapter.server(listenerConfig,
                new KafkaProtocolAdapter.UseCases(produce, fetch, listOffsets, initProducerId, createTopic,
                        autoCreateTopic, deleteTopic, topics, configs, cluster),
                new KafkaProtocolAdapter.AdminUseCases(createPartitions, alterConfigs, deleteRecords,
                        offsetForLeaderEpoch, describeLogDirs, brokerLoggers, electLeaders, alterGroupConfigs),
                new KafkaProtocolAdapter.GroupUseCases(coordinators, membership, commitOffsets, fetchOffsets,
                        describeGroups, deleteGroups, consumerGroupHeartbeat, consumerGroups),
                new KafkaProtocolAdapter.TransactionUseCases(initTransactionalProducer, transactions, txnOffsetCommit,
                        describeTransactions, describeProducers, writeTxnMarkers),
                fatalErrors, traffic);
    }
}
