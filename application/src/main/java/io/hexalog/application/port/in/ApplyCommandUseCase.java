package io.hexalog.application.port.in;

import io.hexalog.domain.cluster.ReplicatedCommand;

import java.util.concurrent.CompletableFuture;

/**
 * Applies the commands of the replicated log to this broker's state: driven by the
 * {@link io.hexalog.application.port.out.ReplicatedLog} adapter, in log order, on every broker alike.
 *
 * <p>Applying is deterministic: the same commands in the same order leave every broker with the same topics,
 * offsets, producer states and log bytes. A command that cannot be applied (a producer's sequence out of
 * order, a topic name taken) yields a failed future and changes nothing; it never throws.
 */
public interface ApplyCommandUseCase {

    /**
     * Applies one command.
     *
     * @param leaderEpoch the epoch of the leadership that placed the command in the log; batches appended carry
     *                    it, and it only grows for a partition (a single broker always passes 0)
     * @return the outcome, completed once the change is stored to the storage's promise
     */
    <R> CompletableFuture<R> apply(ReplicatedCommand<R> command, int leaderEpoch);
}
