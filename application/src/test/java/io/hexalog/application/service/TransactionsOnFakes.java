package io.hexalog.application.service;

import io.hexalog.application.fake.UnreachableRemoteTransactionCoordinatorFake;
import io.hexalog.application.fake.InMemoryGroupConfigStoreFake;
import io.hexalog.application.fake.InMemoryCommittedOffsetStoreFake;
import io.hexalog.application.fake.InMemoryPartitionLogStoreFake;
import io.hexalog.application.fake.InMemoryTopicCatalogFake;
import io.hexalog.application.fake.InMemoryTransactionStateStoreFake;
import io.hexalog.application.fake.ManualSchedulerFake;
import io.hexalog.application.fake.SequentialProducerIdBlockStoreFake;
import io.hexalog.application.fake.StaticClusterViewFake;
import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.in.TransactionUseCase;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.RemoteTransactionCoordinator;
import io.hexalog.application.port.out.ReplicatedLog;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.cluster.ReplicatedCommand.WriteTxnMarker;
import io.hexalog.domain.config.LogConfig;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.group.OffsetMetadataPolicy;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * A transaction coordinator over fakes, with the partitions' side of transactions played by a test double: the
 * replicated log answers {@link WriteTxnMarker} itself, recording each marker (or failing while told to), and
 * applies every other command to the stores as a broker does. Its blocking work runs on the caller's thread and
 * its time is the scheduler's.
 */
final class TransactionsOnFakes {

    static final TransactionCoordinatorConfig SETTINGS = new TransactionCoordinatorConfig(60_000,
            Duration.ofHours(1), Duration.ofSeconds(10));

    final ManualSchedulerFake scheduler = new ManualSchedulerFake();
    final InMemoryTopicCatalogFake catalog = new InMemoryTopicCatalogFake();
    final InMemoryCommittedOffsetStoreFake committedOffsets = new InMemoryCommittedOffsetStoreFake();
    final InMemoryTransactionStateStoreFake store;
    final MarkerRecordingLog log;
    /** Whether broker 0, this one, coordinates transactions; when not, broker 1 does. */
    volatile boolean coordinating = true;
    /** How this broker asks broker 1 when that one coordinates; none is reachable unless a test says so. */
    volatile RemoteTransactionCoordinator remote = new UnreachableRemoteTransactionCoordinatorFake();
    /** The coordinator epoch the broker sees now; a test raises it when the coordinator moves. */
    volatile int coordinatorEpoch = 1;
    /** The term the metadata log applies commands in; -1 for the coordinator epoch, another when a successor leads. */
    volatile int metadataTerm = -1;
    final TransactionCoordinator coordinator;
    final AddPartitionsToTxnManager additions;
    final TransactionalOffsets offsets;
    final TransactionExpiration expiration;
    /** The consumer groups whose members transactional producers commit offsets for; none unless a test joins one. */
    final GroupTable groups;

    TransactionsOnFakes() {
        this(new InMemoryTransactionStateStoreFake());
    }

    /** A coordinator over a store another one used before: a restart, or the coordinator moved. */
    TransactionsOnFakes(InMemoryTransactionStateStoreFake store) {
        this(store, SETTINGS);
    }

    /** A coordinator with other settings, e.g. serving an older {@code transaction.version}. */
    TransactionsOnFakes(TransactionCoordinatorConfig settings) {
        this(new InMemoryTransactionStateStoreFake(), settings);
    }

    private TransactionsOnFakes(InMemoryTransactionStateStoreFake store, TransactionCoordinatorConfig settings) {
        this.store = store;
        InMemoryPartitionLogStoreFake logs = new InMemoryPartitionLogStoreFake();
        CommandApplier applier = new CommandApplier(catalog,
                new PartitionRegistry(logs, new StaticClusterViewFake(1), new FetchPurgatory(), LogConfig.KAFKA_DEFAULTS),
                logs, committedOffsets, new SequentialProducerIdBlockStoreFake(1000), store,
                new InMemoryGroupConfigStoreFake(),
                new io.hexalog.application.fake.InMemoryConsumerGroupStateStoreFake());
        log = new MarkerRecordingLog(applier, () -> metadataTerm < 0 ? coordinatorEpoch : metadataTerm);
        ProducerIdService producerIds = new ProducerIdService(new ReplicatedProducerIdBlocks(log), Runnable::run);
        coordinator = new TransactionCoordinator(new TransactionTable(store, () -> coordinating, () -> coordinatorEpoch), log,
                producerIds,
                catalog, settings, scheduler.clock(), scheduler, Runnable::run);
        additions = new AddPartitionsToTxnManager(coordinator, new CoordinatorMovingView(),
                new ForwardingRemote(), scheduler);
        groups = new GroupTable(GroupCoordinatorConfig.kafkaDefaults(), scheduler.clock(), scheduler);
        offsets = new TransactionalOffsets(coordinator, additions, log, store, catalog,
                new ClassicTransactionalCommitterCheck(groups),
                new OffsetMetadataPolicy(OffsetMetadataPolicy.KAFKA_DEFAULT), scheduler.clock(), Runnable::run);
        expiration = new TransactionExpiration(coordinator, settings, scheduler.clock(), scheduler, Runnable::run);
    }

    /**
     * A remote coordinator answered by another broker's coordinator in this process, as its AddPartitionsToTxn
     * handler answers; records the node ID of each broker asked.
     */
    static RemoteTransactionCoordinator answeredBy(TransactionUseCase other, List<Integer> asked) {
        return new RemoteTransactionCoordinator() {
            @Override
            public CompletableFuture<Void> addPartitions(BrokerNode coordinator, TransactionalId transactionalId,
                                                         ProducerIdentity producer, Set<TopicPartition> partitions) {
                asked.add(coordinator.nodeId());
                return other.addPartitions(transactionalId, new ProducerIdAndEpoch(producer.producerId(),
                        producer.epoch()), partitions, TransactionVersion.TV_2);
            }

            @Override
            public CompletableFuture<Set<TopicPartition>> partitionsNotInTransaction(
                    BrokerNode coordinator, TransactionalId transactionalId, ProducerIdentity producer,
                    Set<TopicPartition> partitions) {
                asked.add(coordinator.nodeId());
                return other.partitionsNotInTransaction(transactionalId, new ProducerIdAndEpoch(producer.producerId(),
                        producer.epoch()), partitions);
            }
        };
    }

    Topic createTopic(String name, int partitions) {
        Topic topic = Topic.create(TopicName.of(name), partitions);
        catalog.create(topic);
        return topic;
    }

    /** Brokers 0 and 1; broker 0 answers, and coordinates while {@link #coordinating}, broker 1 otherwise. */
    private final class CoordinatorMovingView implements ClusterView {

        private final ClusterView brokers = new StaticClusterViewFake(2);

        @Override
        public String clusterId() {
            return brokers.clusterId();
        }

        @Override
        public BrokerNode localBroker() {
            return brokers.localBroker();
        }

        @Override
        public List<BrokerNode> brokers() {
            return brokers.brokers();
        }

        @Override
        public int controllerId() {
            return coordinating ? 0 : 1;
        }

        @Override
        public PartitionLeadership leadership(TopicIdPartition partition) {
            return brokers.leadership(partition);
        }

        @Override
        public Optional<String> whyNotJoined() {
            return Optional.empty();
        }
    }

    /** Asks whichever remote coordinator the test set last. */
    private final class ForwardingRemote implements RemoteTransactionCoordinator {

        @Override
        public CompletableFuture<Void> addPartitions(BrokerNode coordinator, TransactionalId transactionalId,
                                                     ProducerIdentity producer, Set<TopicPartition> partitions) {
            return remote.addPartitions(coordinator, transactionalId, producer, partitions);
        }

        @Override
        public CompletableFuture<Set<TopicPartition>> partitionsNotInTransaction(
                BrokerNode coordinator, TransactionalId transactionalId, ProducerIdentity producer,
                Set<TopicPartition> partitions) {
            return remote.partitionsNotInTransaction(coordinator, transactionalId, producer, partitions);
        }
    }

    /** The log of the test: markers are recorded here instead of reaching partitions. */
    static final class MarkerRecordingLog implements ReplicatedLog {

        private final CommandApplier applier;
        private final IntSupplier term;
        private final List<WriteTxnMarker> markers = new ArrayList<>();
        private boolean failMarkers;

        MarkerRecordingLog(CommandApplier applier, IntSupplier term) {
            this.applier = applier;
            this.term = term;
        }

        synchronized List<WriteTxnMarker> markers() {
            return List.copyOf(markers);
        }

        synchronized void failMarkers(boolean fail) {
            failMarkers = fail;
        }

        @Override
        public void start() {
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> CompletableFuture<R> submit(ReplicatedCommand<R> command) {
            if (command instanceof WriteTxnMarker marker) {
                synchronized (this) {
                    if (failMarkers) {
                        return CompletableFuture.failedFuture(new NotLeaderOrFollowerException("no leader for "
                                + marker.partition()));
                    }
                    markers.add(marker);
                    return CompletableFuture.completedFuture((R) Long.valueOf(markers.size() - 1));
                }
            }
            return applier.apply(command, term.getAsInt());
        }

        @Override
        public void stop() {
        }
    }
}
