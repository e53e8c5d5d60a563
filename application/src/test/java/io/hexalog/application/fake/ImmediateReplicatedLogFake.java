package io.hexalog.application.fake;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.application.port.out.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A replicated log of one broker for tests: applies each command at once in leader epoch 0, and remembers
 * the commands submitted so that a test can see what reached the log.
 */
public final class ImmediateReplicatedLogFake implements ReplicatedLog {

    private final List<ReplicatedCommand<?>> submitted = new ArrayList<>();
    private ApplyCommandUseCase applier;

    @Override
    public synchronized void start(ApplyCommandUseCase applier) {
        this.applier = applier;
    }

    @Override
    public <R> CompletableFuture<R> submit(ReplicatedCommand<R> command) {
        ApplyCommandUseCase target;
        synchronized (this) {
            if (applier == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("Submitted before start"));
            }
            submitted.add(command);
            target = applier;
        }
        return target.apply(command, 0);
    }

    @Override
    public void stop() {
    }

    /** The commands submitted so far, in order. */
    public synchronized List<ReplicatedCommand<?>> submitted() {
        return List.copyOf(submitted);
    }
}
