package io.hexalog.adapter.replication.ratis;

import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;
import io.hexalog.application.fake.UnreachableRemotePartitionLeaderFake;
import io.hexalog.application.fake.UnreachableRemoteTransactionCoordinatorFake;
import io.hexalog.application.fake.JdkRegexTopicPatternCompilerFake;
import io.hexalog.application.fake.ManualSchedulerFake;
import io.hexalog.application.fake.UncompressedRecordBatchRewriterFake;
import io.hexalog.application.fake.UncompressedRecordTimestampReaderFake;
import io.hexalog.application.port.in.AppliedLogEnd;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.service.ApplicationCore;
import io.hexalog.application.service.BrokerConfig;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.error.KafkaStorageException;
import io.hexalog.domain.error.OutOfOrderSequenceException;
import io.hexalog.domain.log.ReadLimit;
import io.hexalog.domain.log.RecordBatch;
import io.hexalog.domain.producer.ProducerStateEntry;
import io.hexalog.domain.topic.TopicIdPartition;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node of a test cluster as the broker assembles one on RocksDB: the real application on the RocksDB stores
 * in {@code <dir>/state} (opened rebuilding the metadata, as a node of a cluster does) and a {@link RatisNode}
 * with its Raft logs in {@code <dir>/raft}. It counts the appends it applies, so a test can tell a restart
 * that replays a log's tail from one that replays all of it, and can make them fail as a full disk does.
 */
final class RocksDbClusterNode implements AutoCloseable {

    private final RocksDbStorage storage;
    private final RatisNode node;
    private final ApplicationCore core;
    private final CountingApplier applier;

    private RocksDbClusterNode(RocksDbStorage storage, RatisNode node, ApplicationCore core, CountingApplier applier) {
        this.storage = storage;
        this.node = node;
        this.core = core;
        this.applier = applier;
    }

    /** The application's applier, counting the appends it is handed and the times it is asked to force them. */
    private static final class CountingApplier implements ApplyCommandUseCase {

        private final AtomicInteger appends = new AtomicInteger();
        private final AtomicInteger forced = new AtomicInteger();
        private volatile ApplicationCore core;
        private volatile boolean storeFailing;
        private volatile boolean refusingAppends;

        @Override
        public <R> CompletableFuture<R> apply(ReplicatedCommand<R> command, int leaderEpoch, long logIndex) {
            if (command instanceof ReplicatedCommand.AppendBatches) {
                appends.incrementAndGet();
                if (storeFailing) {
                    return CompletableFuture.failedFuture(new KafkaStorageException(
                            "Writing segment files failed: java.io.IOException: No space left on device"));
                }
                if (refusingAppends) {
                    return CompletableFuture.failedFuture(new OutOfOrderSequenceException(
                            "Producer 7 sent sequence 12 but 10 was expected"));
                }
            }
            return core.applyCommands().apply(command, leaderEpoch, logIndex);
        }

        @Override
        public CompletableFuture<Void> makeAppliedDurable() {
            return core.applyCommands().makeAppliedDurable().thenRun(forced::incrementAndGet);
        }

        @Override
        public Optional<AppliedLogEnd> appliedLogEnd(TopicIdPartition partition) {
            return core.applyCommands().appliedLogEnd(partition);
        }
    }

    /** Opens the node's stores, builds its application and starts it; blocks until a majority is up. */
    static RocksDbClusterNode start(ClusterSettings settings, Path dir) {
        RocksDbStorage storage = RocksDbStorage.openRebuildingMetadata(dir.resolve("state"), FsyncPolicy.NEVER);
        RatisNode node = new RatisNode(settings);
        CountingApplier counting = new CountingApplier();
        ClusterView view = new RatisClusterView(node, settings.self());
        ApplicationCore core = new ApplicationCore(new ApplicationCore.OutboundPorts(storage.partitionLogStore(),
                storage.topicCatalog(), storage.producerIdBlockStore(), storage.committedOffsetStore(), view,
                new RatisReplicatedLog(node, () -> counting, () -> counting.core.metadataCommands(),
                        () -> counting.core.copyReplicas()), new UncompressedRecordTimestampReaderFake(), new UncompressedRecordBatchRewriterFake(),
                new ManualSchedulerFake(), Clock.systemUTC(), Runnable::run, new RatisLeaderElections(node, view),
                storage.transactionStateStore(), new UnreachableRemoteTransactionCoordinatorFake(),
                storage.cleanerCheckpointStore(), new UnreachableRemotePartitionLeaderFake(), storage.groupConfigStore(),
                storage.consumerGroupStateStore(), new JdkRegexTopicPatternCompilerFake()),
                BrokerConfig.defaults());
        counting.core = core;
        core.start();
        return new RocksDbClusterNode(storage, node, core, counting);
    }

    RatisNode raft() {
        return node;
    }

    /** How many appends this node has applied since it started, skipped ones included. */
    int appendsApplied() {
        return applier.appends.get();
    }

    /** Makes every append fail as a store on a full disk fails them, or stops that. */
    void failStoreWrites(boolean failing) {
        applier.storeFailing = failing;
    }

    /**
     * Makes every append be refused on this node alone, as one that had lost track of a producer's sequence would
     * refuse it (not a store failure, which is held), or stops that.
     */
    void refuseAppends(boolean refusing) {
        applier.refusingAppends = refusing;
    }

    /** How many times the node's Raft groups had the application force what it applied. */
    int timesAppliedMadeDurable() {
        return applier.forced.get();
    }

    /** Every batch this node's store holds of the partition, in offset order. */
    List<RecordBatch> batches(TopicIdPartition partition) throws Exception {
        return storage.partitionLogStore()
                .read(partition, 0, Long.MAX_VALUE, ReadLimit.atLeastOneBatch(Integer.MAX_VALUE))
                .get(10, TimeUnit.SECONDS).batches();
    }

    long logEndOffset(TopicIdPartition partition) {
        return storage.partitionLogStore().open(partition).logEndOffset();
    }

    /** The producer states this node's store holds for the partition, by producer ID. */
    List<ProducerStateEntry> producerStates(TopicIdPartition partition) {
        return storage.partitionLogStore().open(partition).producerStates().stream()
                .sorted(java.util.Comparator.comparingLong(ProducerStateEntry::producerId)).toList();
    }

    /** Stops the node as a broker stops: the application and its Raft server, then the stores. */
    @Override
    public void close() {
        core.stop();
        storage.close();
    }

    static BrokerNode broker(int nodeId) {
        return new BrokerNode(nodeId, "127.0.0.1", 9092 + nodeId);
    }
}
