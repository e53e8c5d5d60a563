package io.hexalog.application.port.in;

import io.hexalog.domain.cluster.ReplicatedCommand;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.Optional;
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

    /** The log index of a command that no replicated log placed, such as a single broker's. */
    long NO_LOG_INDEX = -1;

    /**
     * Applies one command that has no place in a replicated log (a single broker's): the same as
     * {@link #apply(ReplicatedCommand, int, long)} with {@link #NO_LOG_INDEX}.
     */
    default <R> CompletableFuture<R> apply(ReplicatedCommand<R> command, int leaderEpoch) {
        return apply(command, leaderEpoch, NO_LOG_INDEX);
    }

    /**
     * Applies one command.
     *
     * <p>A node that restarts replays the commands its log holds after its last snapshot, some of which its stores
     * may hold already. An append whose {@code logIndex} is at or below the index its partition's store recorded
     * last is therefore not appended again: it completes with an {@code Appended} whose first offset is -1,
     * since whoever submitted it is gone and only the state it leaves must be the same on every node. Other
     * commands are applied again: their stores are emptied before a replay, or applying them twice changes
     * nothing (a log start offset only moves forward).
     *
     * @param leaderEpoch the epoch of the leadership that placed the command in the log; batches appended carry
     *                    it, and it only grows for a partition (a single broker always passes 0); a transaction
     *                    coordinator's commands are refused with NOT_COORDINATOR unless it is their coordinator
     *                    epoch, which a deposed coordinator's no longer is
     * @param logIndex    the command's position in the replicated log: a number that grows from command to command
     *                    of a partition, and never repeats, even where one entry of the log carries several
     *                    commands (the adapter then numbers them within the entry); or {@link #NO_LOG_INDEX} where
     *                    there is none, and nothing is skipped
     * @return the outcome, completed once the change is stored to the storage's promise
     */
    <R> CompletableFuture<R> apply(ReplicatedCommand<R> command, int leaderEpoch, long logIndex);

    /**
     * Forces what the commands applied so far wrote to the partition logs, so that it survives a crash of the
     * machine whatever the storage's fsync policy. A replicated log asks it before it takes a snapshot after which
     * it may forget those commands: without it, a power cut could take from the store what the log no longer
     * holds, and the node would miss it for good.
     *
     * @return completes once forced; fails if the storage could not force its writes (the snapshot must not be
     *         taken then)
     */
    CompletableFuture<Void> makeAppliedDurable();

    /**
     * How far applying has got in a partition, for a leader that works out where the batches it places in its log
     * will go before they are applied (a produce with acks=1): the {@code logIndex} there is the one the
     * partition's latest append was {@link #apply applied} with.
     *
     * @return empty if this broker does not host the partition, or this applier cannot tell
     */
    default Optional<AppliedLogEnd> appliedLogEnd(TopicIdPartition partition) {
        return Optional.empty();
    }
}
