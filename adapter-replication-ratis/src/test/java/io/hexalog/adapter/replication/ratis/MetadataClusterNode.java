package io.hexalog.adapter.replication.ratis;

import io.hexalog.adapter.storage.memory.InMemoryStorage;
import io.hexalog.adapter.storage.rocksdb.FsyncPolicy;
import io.hexalog.adapter.storage.rocksdb.RocksDbStorage;
import io.hexalog.application.fake.UnreachableRemotePartitionLeaderFake;
import io.hexalog.application.fake.UnreachableRemoteTransactionCoordinatorFake;
import io.hexalog.application.fake.JdkRegexTopicPatternCompilerFake;
import io.hexalog.application.fake.ManualSchedulerFake;
import io.hexalog.application.fake.UncompressedRecordBatchRewriterFake;
import io.hexalog.application.fake.UncompressedRecordTimestampReaderFake;
import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.service.ApplicationCore;
import io.hexalog.application.service.BrokerConfig;
import io.hexalog.domain.cluster.ReplicatedCommand;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node of a test cluster as the broker assembles one, on RocksDB (its stores in {@code <dir>/state}, opened
 * rebuilding the metadata) or in memory, with its Raft logs in {@code <dir>/raft}. It counts the offset commits
 * it applies, so that a test can tell a restart that applies a metadata snapshot from one that applies the whole
 * metadata log.
 */
final class MetadataClusterNode implements AutoCloseable {

    enum Storage { ROCKSDB, MEMORY }

    private final RocksDbStorage rocksDb;
    private final RatisNode node;
    private final ApplicationCore core;
    private final ApplicationCore.OutboundPorts ports;
    private final CountingApplier applier;

    private MetadataClusterNode(RocksDbStorage rocksDb, RatisNode node, ApplicationCore core,
                                ApplicationCore.OutboundPorts ports, CountingApplier applier) {
        this.rocksDb = rocksDb;
        this.node = node;
        this.core = core;
        this.ports = ports;
        this.applier = applier;
    }

    /** The application's applier, counting the offset commits it is handed. */
    private static final class CountingApplier implements ApplyCommandUseCase {

        private final AtomicInteger commits = new AtomicInteger();
        private volatile ApplicationCore core;

        @Override
        public <R> CompletableFuture<R> apply(ReplicatedCommand<R> command, int leaderEpoch, long logIndex) {
            if (command instanceof ReplicatedCommand.CommitOffsets) {
                commits.incrementAndGet();
            }
            return core.applyCommands().apply(command, leaderEpoch, logIndex);
        }

        @Override
        public CompletableFuture<Void> makeAppliedDurable() {
            return core.applyCommands().makeAppliedDurable();
        }
    }

    /** Opens the node's stores, builds its application and starts it; blocks until a majority is up. */
    static MetadataClusterNode start(Storage storage, ClusterSettings settings, Path dir) {
        RocksDbStorage rocksDb = storage == Storage.ROCKSDB
                ? RocksDbStorage.openRebuildingMetadata(dir.resolve("state"), FsyncPolicy.NEVER) : null;
        InMemoryStorage memory = storage == Storage.MEMORY ? new InMemoryStorage() : null;
        RatisNode node = new RatisNode(settings);
        CountingApplier counting = new CountingApplier();
        ClusterView view = new RatisClusterView(node, settings.self());
        ApplicationCore.OutboundPorts ports = rocksDb != null
                ? new ApplicationCore.OutboundPorts(rocksDb.partitionLogStore(), rocksDb.topicCatalog(),
                        rocksDb.producerIdBlockStore(), rocksDb.committedOffsetStore(), view,
                        new RatisReplicatedLog(node, () -> counting, () -> counting.core.metadataCommands()),
                        new UncompressedRecordTimestampReaderFake(), new UncompressedRecordBatchRewriterFake(), new ManualSchedulerFake(), Clock.systemUTC(),
                        Runnable::run, new RatisLeaderElections(node, view), rocksDb.transactionStateStore(),
                        new UnreachableRemoteTransactionCoordinatorFake(), rocksDb.cleanerCheckpointStore(), new UnreachableRemotePartitionLeaderFake(),
                        rocksDb.groupConfigStore(), rocksDb.consumerGroupStateStore(), new JdkRegexTopicPatternCompilerFake())
                : new ApplicationCore.OutboundPorts(memory.partitionLogStore(), memory.topicCatalog(),
                        memory.producerIdBlockStore(), memory.committedOffsetStore(), view,
                        new RatisReplicatedLog(node, () -> counting, () -> counting.core.metadataCommands()),
                        new UncompressedRecordTimestampReaderFake(), new UncompressedRecordBatchRewriterFake(), new ManualSchedulerFake(), Clock.systemUTC(),
                        Runnable::run, new RatisLeaderElections(node, view), memory.transactionStateStore(),
                        new UnreachableRemoteTransactionCoordinatorFake(), memory.cleanerCheckpointStore(), new UnreachableRemotePartitionLeaderFake(),
                        memory.groupConfigStore(), memory.consumerGroupStateStore(), new JdkRegexTopicPatternCompilerFake());
        ApplicationCore core = new ApplicationCore(ports, BrokerConfig.defaults());
        counting.core = core;
        core.start();
        return new MetadataClusterNode(rocksDb, node, core, ports, counting);
    }

    RatisNode raft() {
        return node;
    }

    /** The stores this node's application runs on. */
    ApplicationCore.OutboundPorts stores() {
        return ports;
    }

    /** The application's metadata as commands, in a stable order: equal on nodes with equal metadata. */
    List<ReplicatedCommand<?>> metadataCommands() {
        return core.metadataCommands().metadataCommands(0);
    }

    /** How many offset commits this node has applied since it started, those of a snapshot included. */
    int commitsApplied() {
        return applier.commits.get();
    }

    /** Stops the node as a broker stops: the application and its Raft server, then the stores. */
    @Override
    public void close() {
        core.stop();
        if (rocksDb != null) {
            rocksDb.close();
        }
    }
}
