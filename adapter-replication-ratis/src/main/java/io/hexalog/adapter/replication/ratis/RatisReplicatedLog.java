package io.hexalog.adapter.replication.ratis;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.out.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;

import java.util.concurrent.CompletableFuture;

/** The replicated log of a cluster: commands agreed by a Raft majority, then applied on every node. */
public final class RatisReplicatedLog implements ReplicatedLog {

    private final RatisNode node;

    public RatisReplicatedLog(RatisNode node) {
        this.node = node;
    }

    @Override
    public void start(ApplyCommandUseCase applier) {
        node.start(applier);
    }

    @Override
    public <R> CompletableFuture<R> submit(ReplicatedCommand<R> command) {
        return node.submit(command);
    }

    @Override
    public void stop() {
        node.close();
    }
}
