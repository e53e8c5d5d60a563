package io.hexalog.application.port.out;

import io.hexalog.domain.cluster.ReplicatedCommand;

import java.util.concurrent.CompletableFuture;

/**
 * The ordered log every change to shared state passes through. A single broker applies each command at once,
 * on the caller's thread; a cluster first agrees on the command's place in the log with a majority of the
 * brokers concerned, then every broker applies it, in log order, through the application's
 * {@code ApplyCommandUseCase}, which the adapter is given when it is made.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>{@link #submit} completes with the outcome of applying the command on this broker: what the
 *       {@code ApplyCommandUseCase} returned, or its failure (a
 *       {@link io.hexalog.domain.error.HexalogException} the client can be told).</li>
 *   <li>A command is applied on every broker exactly once, and commands of one partition, and commands of
 *       the metadata, in the same order on every broker; a submission that completed without failure
 *       is never lost, even if the broker that took it dies afterwards.</li>
 *   <li>A partition command may be submitted only on the broker leading the partition; elsewhere it fails
 *       with {@link io.hexalog.domain.error.NotLeaderOrFollowerException}. Metadata commands may be submitted
 *       on any broker, and so may a {@link ReplicatedCommand.WriteTxnMarker} (the transaction coordinator
 *       writing it need not lead the partition): the log takes it to the partition's leader, which places it
 *       among the partition's commands, and the submission completes with the marker's offset once that leader
 *       applied it.</li>
 *   <li>A command that cannot be agreed on (too few brokers alive) fails with a retriable
 *       {@link io.hexalog.domain.error.HexalogException} and is applied nowhere, or completes later.</li>
 * </ul>
 */
public interface ReplicatedLog {

    /**
     * Starts taking commands: for a cluster, joins it and applies what the log already holds before it leads
     * anything. Blocks until then; never call from an event loop.
     */
    void start();

    /** Places the command in the log; completes with its outcome once it has been applied on this broker. */
    <R> CompletableFuture<R> submit(ReplicatedCommand<R> command);

    /**
     * Places an append in the log, as {@link #submit} does, but completes as soon as this broker, the partition's
     * leader, has placed it in its own log, with the offset its first record will get once applied: a produce with
     * acks=1. Until a majority holds it the append is lost if this broker dies, and it cannot be told any error
     * that applying it meets later (a store out of room); such a loss is logged.
     *
     * <p>The leader can tell an append's offset only when nothing placed ahead of it in the partition may be
     * refused or skipped when applied. When it cannot (a batch of an idempotent or transactional producer or a
     * transaction marker is still ahead of it, the partition has just refused an append, the append is itself an
     * idempotent or transactional producer's), this completes once the append is applied, as {@link #submit}
     * does. A log that applies at once (a single broker) always does: that is this default.
     */
    default CompletableFuture<ReplicatedCommand.Appended> submitLeaderAcknowledged(
            ReplicatedCommand.AppendBatches append) {
        return submit(append);
    }

    /** Stops taking commands; submissions still pending fail. */
    void stop();
}
