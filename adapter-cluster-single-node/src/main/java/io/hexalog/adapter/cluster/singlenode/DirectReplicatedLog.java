package io.hexalog.adapter.cluster.singlenode;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.out.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The replicated log of a cluster of one: there is nobody to agree with, so every command is applied at once,
 * on the caller's thread, in the order it is submitted. No consensus is on the single broker's path.
 */
public final class DirectReplicatedLog implements ReplicatedLog {

    private volatile ApplyCommandUseCase applier;

    @Override
    public void start(ApplyCommandUseCase applier) {
        this.applier = Objects.requireNonNull(applier, "applier");
    }

    @Override
    public <R> CompletableFuture<R> submit(ReplicatedCommand<R> command) {
        ApplyCommandUseCase target = applier;
        if (target == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("The log takes commands once started"));
        }
        return target.apply(command, 0);
    }

    @Override
    public void stop() {
        // nothing pending: every command was applied when it was submitted
    }
}
