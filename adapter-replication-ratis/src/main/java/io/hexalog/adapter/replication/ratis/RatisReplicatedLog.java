package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.in.CopyReplicaUseCase;
import io.hexalog.application.port.in.MetadataCommandsQuery;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** The replicated log of a cluster: commands agreed by a Raft majority, then applied on every node. */
public final class RatisReplicatedLog implements ReplicatedLog {

    private final RatisNode node;
    private final Supplier<ApplyCommandUseCase> applier;
    private final Supplier<MetadataCommandsQuery> metadata;
    private final Supplier<CopyReplicaUseCase> replicas;

    /**
     * @param applier  the application's use case that applies commands, asked when the log starts: the
     *                 application is built from this log, so it exists only once the log does
     * @param metadata the application's metadata as commands, asked when the log starts: what the metadata group's
     *                 snapshots hold
     */
    public RatisReplicatedLog(RatisNode node, Supplier<ApplyCommandUseCase> applier,
                              Supplier<MetadataCommandsQuery> metadata) {
        this(node, applier, metadata, null);
    }

    /**
     * @param replicas the application's use case that copies partition replicas, asked when a shard first needs
     *                 it: a node that lost its data then copies its shards' partitions from their leaders (ADR 14);
     *                 null for a log whose shards copy none
     */
    public RatisReplicatedLog(RatisNode node, Supplier<ApplyCommandUseCase> applier,
                              Supplier<MetadataCommandsQuery> metadata, Supplier<CopyReplicaUseCase> replicas) {
        this.node = node;
        this.applier = applier;
        this.metadata = metadata;
        this.replicas = replicas;
    }

    /**
     * A log whose metadata group takes no snapshot and keeps its whole log, for an applier that keeps no metadata
     * of the application's kind (tests of the log alone).
     */
    public RatisReplicatedLog(RatisNode node, Supplier<ApplyCommandUseCase> applier) {
        this(node, applier, () -> null);
    }

    @Override
    public void start() {
        node.start(applier.get(), metadata.get(), replicas);
    }

    @Override
    public <R> CompletableFuture<R> submit(ReplicatedCommand<R> command) {
        return node.submit(command);
    }

    /** Answered once this node, the partition's leader, has placed the append in its log (see {@link LeaderOffsets}). */
    @Override
    public CompletableFuture<ReplicatedCommand.Appended> submitLeaderAcknowledged(
            ReplicatedCommand.AppendBatches append) {
        return node.submitLeaderAcknowledged(append);
    }

    @Override
    public void stop() {
        node.close();
    }
}
