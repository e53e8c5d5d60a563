package io.hexalog.application.fake;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A replicated log of one broker for tests: applies each command at once in leader epoch 0, and remembers
 * the commands submitted so that a test can see what reached the log.
 */
public final class ImmediateReplicatedLogFake implements ReplicatedLog {

    private final List<ReplicatedCommand<?>> submitted = new ArrayList<>();
    private final Supplier<ApplyCommandUseCase> applier;

    /** @param applier asked at every command, so that it may be made after this log */
    public ImmediateReplicatedLogFake(Supplier<ApplyCommandUseCase> applier) {
        this.applier = applier;
    }

    @Override
    public void start() {
    }

    @Override
    public <R> CompletableFuture<R> submit(ReplicatedCommand<R> command) {
        synchronized (this) {
            submitted.add(command);
        }
        return applier.get().apply(command, 0);
    }

    @Override
    public void stop() {
    }

    /** The commands submitted so far, in order. */
    public synchronized List<ReplicatedCommand<?>> submitted() {
        return List.copyOf(submitted);
    }
}
