package io.hexalog.adapter.cluster.singlenode;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The replicated log of a cluster of one: there is nobody to agree with, so every command is applied at once,
 * on the caller's thread, in the order it is submitted. No consensus is on the single broker's path.
 */
public final class DirectReplicatedLog implements ReplicatedLog {

    private final Supplier<ApplyCommandUseCase> applier;

    /**
     * @param applier the application's use case that applies commands, asked at every command: the application
     *                is built from this log, so it exists only once the log does
     */
    public DirectReplicatedLog(Supplier<ApplyCommandUseCase> applier) {
        this.applier = Objects.requireNonNull(applier, "applier");
    }

    @Override
    public void start() {
        // nothing to join: this broker is the whole cluster
    }

    @Override
    public <R> CompletableFuture<R> submit(ReplicatedCommand<R> command) {
        return applier.get().apply(command, 0);
    }

    @Override
    public void stop() {
        // nothing pending: every command was applied when it was submitted
    }
}
