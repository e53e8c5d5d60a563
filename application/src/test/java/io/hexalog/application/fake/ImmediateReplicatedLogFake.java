package io.hexalog.application.fake;

import io.hexalog.application.port.in.ApplyCommandUseCase;
import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.application.port.out.ReplicatedLog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A replicated log of one broker for tests: applies each command at once in leader epoch 0 (or the one given), and remembers
 * the commands submitted so that a test can see what reached the log.
 */
public final class ImmediateReplicatedLogFake implements ReplicatedLog {

    private final List<ReplicatedCommand<?>> submitted = new ArrayList<>();
    private final List<ReplicatedCommand.AppendBatches> leaderAcknowledged = new ArrayList<>();
    private final Supplier<ApplyCommandUseCase> applier;
    private final IntSupplier leaderEpoch;

    /** @param applier asked at every command, so that it may be made after this log */
    public ImmediateReplicatedLogFake(Supplier<ApplyCommandUseCase> applier) {
        this(applier, () -> 0);
    }

    /**
     * @param leaderEpoch the epoch each command is applied in, as if the log's leader changed when it moves on: what
     *                    a broker that has not heard of the change still writes is applied in the new epoch
     */
    public ImmediateReplicatedLogFake(Supplier<ApplyCommandUseCase> applier, IntSupplier leaderEpoch) {
        this.applier = applier;
        this.leaderEpoch = leaderEpoch;
    }

    @Override
    public void start() {
    }

    @Override
    public <R> CompletableFuture<R> submit(ReplicatedCommand<R> command) {
        synchronized (this) {
            submitted.add(command);
        }
        return applier.get().apply(command, leaderEpoch.getAsInt());
    }

    /** Applied at once too, as a single broker's log does; remembered among the appends answered once placed. */
    @Override
    public CompletableFuture<ReplicatedCommand.Appended> submitLeaderAcknowledged(
            ReplicatedCommand.AppendBatches append) {
        synchronized (this) {
            leaderAcknowledged.add(append);
        }
        return submit(append);
    }

    @Override
    public void stop() {
    }

    /** The appends submitted to be answered once the leader placed them (acks=1), in order. */
    public synchronized List<ReplicatedCommand.AppendBatches> leaderAcknowledged() {
        return List.copyOf(leaderAcknowledged);
    }

    /** The commands submitted so far, in order. */
    public synchronized List<ReplicatedCommand<?>> submitted() {
        return List.copyOf(submitted);
    }
}
