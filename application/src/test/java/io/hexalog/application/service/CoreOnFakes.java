package io.hexalog.application.service;

import io.hexalog.application.fake.UnreachableRemotePartitionLeaderFake;
import io.hexalog.application.fake.InMemoryConsumerGroupStateStoreFake;
import io.hexalog.application.fake.InMemoryGroupConfigStoreFake;
import io.hexalog.application.fake.UnreachableRemoteTransactionCoordinatorFake;
import io.hexalog.application.fake.ElectableClusterFake;
import io.hexalog.application.fake.ImmediateReplicatedLogFake;
import io.hexalog.application.fake.InMemoryCleanerCheckpointStoreFake;
import io.hexalog.application.fake.InMemoryCommittedOffsetStoreFake;
import io.hexalog.application.fake.InMemoryPartitionLogStoreFake;
import io.hexalog.application.fake.ReleaseTrackingPartitionLogStore;
import io.hexalog.application.fake.InMemoryTopicCatalogFake;
import io.hexalog.application.fake.InMemoryTransactionStateStoreFake;
import io.hexalog.application.fake.JdkRegexTopicPatternCompilerFake;
import io.hexalog.application.fake.ManualSchedulerFake;
import io.hexalog.application.fake.SequentialProducerIdBlockStoreFake;
import io.hexalog.application.fake.SettableClock;
import io.hexalog.application.fake.StaticClusterViewFake;
import io.hexalog.application.fake.UncompressedRecordBatchRewriterFake;
import io.hexalog.application.fake.UncompressedRecordTimestampReaderFake;
import io.hexalog.application.port.in.AppendRecordsCommand;
import io.hexalog.application.port.in.AppendResult;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.in.CreateTopicCommand;
import io.hexalog.application.port.in.DeleteRecordsUseCase;
import io.hexalog.application.port.in.DescribeConfigsQuery;
import io.hexalog.application.port.in.FetchRecordsQuery;
import io.hexalog.application.port.in.InitProducerIdUseCase;
import io.hexalog.application.port.in.ListOffsetsQuery;
import io.hexalog.application.port.in.OffsetForLeaderEpochQuery;
import io.hexalog.application.port.in.ProduceUseCase;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.CommittedOffsetStore;
import io.hexalog.application.port.out.LeaderElections;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A whole broker's application, built by the same {@link ApplicationCore} as the real broker, on in-memory
 * fakes of the outbound ports, with time moved by hand and, unless a test says otherwise, blocking work run on
 * the calling thread.
 */
final class CoreOnFakes {

    final InMemoryPartitionLogStoreFake store = new InMemoryPartitionLogStoreFake();
    /** What the application reads through: counts the slices read and not released. */
    final ReleaseTrackingPartitionLogStore reads = new ReleaseTrackingPartitionLogStore(store);
    final InMemoryTopicCatalogFake catalog = new InMemoryTopicCatalogFake();
    final InMemoryCleanerCheckpointStoreFake checkpoints = new InMemoryCleanerCheckpointStoreFake();
    /** Consumer groups' durable state; copying it into another broker's is what a cluster's log does. */
    final InMemoryConsumerGroupStateStoreFake consumerGroupStates = new InMemoryConsumerGroupStateStoreFake();
    final JdkRegexTopicPatternCompilerFake topicPatterns = new JdkRegexTopicPatternCompilerFake();
    final ImmediateReplicatedLogFake log = new ImmediateReplicatedLogFake(this::applyCommands);
    final CommittedOffsetStore offsets;
    final ManualSchedulerFake scheduler = new ManualSchedulerFake();
    final SettableClock clock = new SettableClock(Instant.ofEpochMilli(SampleBatches.BASE_TIMESTAMP));
    final BrokerConfig settings;
    final ApplicationCore core;
    final PartitionRegistry partitions;
    final FetchPurgatory purgatory;
    final TopicService topics;
    final LogRetentionService retention;
    final LogCleanerService cleaner;
    final ProduceUseCase produce;
    final FetchRecordsQuery fetch;
    final ListOffsetsQuery listOffsets;
    final InitProducerIdUseCase producerIds;
    final DescribeConfigsQuery configs;
    final DeleteRecordsUseCase deleteRecords;
    final OffsetForLeaderEpochQuery leaderEpochs;

    CoreOnFakes() {
        this(BrokerConfig.defaults(), 1);
    }

    CoreOnFakes(BrokerConfig settings, int brokerCount) {
        this(settings, brokerCount, new InMemoryCommittedOffsetStoreFake(), Runnable::run);
    }

    /** A broker whose blocking work runs on {@code blocking}, with committed offsets in {@code offsets}. */
    CoreOnFakes(CommittedOffsetStore offsets, Executor blocking) {
        this(BrokerConfig.defaults(), 1, offsets, blocking);
    }

    /** A broker of a cluster in which a test moves partition leaders and stops brokers. */
    CoreOnFakes(ElectableClusterFake cluster) {
        this(BrokerConfig.defaults(), cluster, cluster, new InMemoryCommittedOffsetStoreFake(), Runnable::run);
    }

    private CoreOnFakes(BrokerConfig settings, int brokerCount, CommittedOffsetStore offsets, Executor blocking) {
        // broker 0 leads every partition already, so no election ever has to move a leadership
        this(settings, new StaticClusterViewFake(brokerCount),
                (partition, timeout) -> CompletableFuture.completedFuture(null), offsets, blocking);
    }

    private CoreOnFakes(BrokerConfig settings, ClusterView cluster, LeaderElections elections,
                        CommittedOffsetStore offsets, Executor blocking) {
        this.settings = settings;
        this.offsets = offsets;
        this.core = new ApplicationCore(new ApplicationCore.OutboundPorts(reads, catalog,
                new SequentialProducerIdBlockStoreFake(0), offsets, cluster,
                log,
                new UncompressedRecordTimestampReaderFake(), new UncompressedRecordBatchRewriterFake(), scheduler, clock, blocking, elections,
                new InMemoryTransactionStateStoreFake(), new UnreachableRemoteTransactionCoordinatorFake(),
                checkpoints, new UnreachableRemotePartitionLeaderFake(), new InMemoryGroupConfigStoreFake(),
                consumerGroupStates, topicPatterns), settings);
        this.partitions = core.partitions;
        this.purgatory = core.purgatory;
        this.topics = core.topics;
        this.retention = core.retention;
        this.cleaner = core.cleaner;
        this.produce = core.produce();
        this.fetch = core.fetchRecords();
        this.listOffsets = core.listOffsets();
        this.producerIds = core.initProducerId();
        this.configs = core.describeConfigs();
        this.deleteRecords = core.deleteRecords();
        this.leaderEpochs = core.offsetForLeaderEpoch();
    }

    Topic createTopic(String name, int partitionCount) {
        return topics.createTopic(new CreateTopicCommand(TopicName.of(name), OptionalInt.of(partitionCount),
                OptionalInt.empty(), Map.of(), false)).join();
    }

    Topic createTopic(String name, int partitionCount, Map<String, String> configs) {
        return Failures.resultOf(topics.createTopic(new CreateTopicCommand(TopicName.of(name),
                OptionalInt.of(partitionCount), OptionalInt.empty(), configs, false)));
    }

    CompletableFuture<AppendResult> append(TopicIdPartition partition, RecordBatch... batches) {
        return produce.append(new AppendRecordsCommand(partition, List.of(batches)));
    }

    /** Appends and waits for the result. */
    long appendNow(TopicIdPartition partition, RecordBatch... batches) {
        return append(partition, batches).join().baseOffset();
    }

    /** The core's applier, asked by the log at every command: the core is built after the log. */
    private ApplyCommandUseCase applyCommands() {
        return core.applyCommands();
    }
}
