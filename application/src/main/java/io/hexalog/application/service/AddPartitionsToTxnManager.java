package io.hexalog.application.service;

import io.hexalog.application.port.in.ProducerIdAndEpoch;
import io.hexalog.application.port.in.TransactionSupportedOperation;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.application.port.out.RemoteTransactionCoordinator;
import io.hexalog.application.port.out.Scheduler;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.ConcurrentTransactionsException;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.error.InvalidProducerEpochException;
import io.hexalog.domain.error.InvalidTxnStateException;
import io.hexalog.domain.error.NotCoordinatorException;
import io.hexalog.domain.error.NotEnoughReplicasException;
import io.hexalog.domain.error.ProducerFencedException;
import io.hexalog.domain.error.TransactionAbortableException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionVersion;
import io.hexalog.domain.transaction.TransactionalId;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The brokers' side of KIP-890, named after Kafka's class doing the same: before the first transactional batch of a
 * producer's transaction is appended to a partition, the partition's leader asks the transaction coordinator
 * whether the partition is in the transaction (a client of version 1, which added it itself), or adds it (a client
 * of transaction version 2, which adds nothing); a TxnOffsetCommit of version 2 has the group added the same way.
 * A batch whose partition is not in the transaction is never appended: it would begin a transaction no marker
 * ever ends.
 *
 * <p>The coordinator runs in this process on a single broker and on the broker of a cluster that coordinates
 * transactions; any other broker of a cluster asks that one through the {@link RemoteTransactionCoordinator} port,
 * as Kafka's brokers send each other AddPartitionsToTxn. When no coordinator can answer (one is being elected, or it
 * cannot be reached), the batch is refused with NOT_ENOUGH_REPLICAS, which producers retry, as in Kafka.
 *
 * <p>While the markers of the producer's previous transaction are still being written (the coordinator answers
 * CONCURRENT_TRANSACTIONS), an addition is tried again every {@link #RETRY_BACKOFF} for up to
 * {@link #RETRY_BACKOFF_MAX}, Kafka's {@code add.partitions.to.txn.retry.backoff.ms} and
 * {@code add.partitions.to.txn.retry.backoff.max.ms} defaults: a producer of version 2 starts its next transaction
 * as soon as its EndTxn is answered.
 */
final class AddPartitionsToTxnManager {

    static final Duration RETRY_BACKOFF = Duration.ofMillis(20);
    static final Duration RETRY_BACKOFF_MAX = Duration.ofMillis(100);
    private static final long RETRIES = RETRY_BACKOFF_MAX.toMillis() / RETRY_BACKOFF.toMillis();

    private final TransactionCoordinator coordinator;
    private final ClusterView cluster;
    private final RemoteTransactionCoordinator remote;
    private final Scheduler scheduler;

    /**
     * @param coordinator the coordinator in this process, which answers NOT_COORDINATOR where this broker does not
     *                    coordinate transactions
     * @param cluster     which broker does
     * @param remote      how this broker asks that one
     */
    AddPartitionsToTxnManager(TransactionCoordinator coordinator, ClusterView cluster,
                              RemoteTransactionCoordinator remote, Scheduler scheduler) {
        this.coordinator = coordinator;
        this.cluster = cluster;
        this.remote = remote;
        this.scheduler = scheduler;
    }

    /**
     * Makes sure the partition is in the producer's transaction before its transactional batch is appended.
     *
     * @return completes when the batch may be appended; fails with the error the producer gets otherwise:
     *         INVALID_TXN_STATE ({@link TransactionSupportedOperation#DEFAULT_ERROR}) or TRANSACTION_ABORTABLE for a
     *         partition not in the transaction, INVALID_PRODUCER_EPOCH for a fenced producer, NOT_ENOUGH_REPLICAS
     *         (which every client retries) when the coordinator could not answer
     */
    CompletableFuture<Void> beforeAppend(TransactionalId transactionalId, ProducerIdAndEpoch producer,
                                         TopicPartition partition, TransactionSupportedOperation operation) {
        Set<TopicPartition> partitions = Set.of(partition);
        ProducerIdentity identity = new ProducerIdentity(producer.producerId(), producer.epoch());
        if (operation == TransactionSupportedOperation.ADD_PARTITION) {
            return retryingWhileConcurrent(() -> atCoordinator(
                    () -> coordinator.addPartitions(transactionalId, producer, partitions, TransactionVersion.TV_2),
                    elsewhere -> remote.addPartitions(elsewhere, transactionalId, identity, partitions)), 0)
                    .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                            forProducer(FutureFailures.cause(failure))));
        }
        return atCoordinator(
                () -> coordinator.partitionsNotInTransaction(transactionalId, producer, partitions),
                elsewhere -> remote.partitionsNotInTransaction(elsewhere, transactionalId, identity, partitions))
                .handle((missing, failure) -> {
                    if (failure != null) {
                        throw asUnchecked(forProducer(FutureFailures.cause(failure)));
                    }
                    if (!missing.isEmpty()) {
                        throw notInTransaction(transactionalId, partition, operation);
                    }
                    return null;
                });
    }

    /**
     * Asks the coordinator in this process, and the broker coordinating transactions if that is another one.
     *
     * @param here      the question to the coordinator in this process
     * @param elsewhere the same question to another broker
     */
    private <T> CompletableFuture<T> atCoordinator(Supplier<CompletableFuture<T>> here,
                                                   Function<BrokerNode, CompletableFuture<T>> elsewhere) {
        CompletableFuture<T> local;
        try {
            local = here.get();
        } catch (RuntimeException e) {
            local = CompletableFuture.failedFuture(e);
        }
        return local.exceptionallyCompose(failure -> {
            Throwable cause = FutureFailures.cause(failure);
            Optional<BrokerNode> other = cause instanceof NotCoordinatorException ? coordinatorElsewhere()
                    : Optional.empty();
            return other.isPresent() ? elsewhere.apply(other.get()) : CompletableFuture.failedFuture(cause);
        });
    }

    /** The broker coordinating transactions, unless it is this one (or none is known). */
    private Optional<BrokerNode> coordinatorElsewhere() {
        int coordinatorId = cluster.groupCoordinatorId();
        if (coordinatorId == cluster.localBroker().nodeId()) {
            return Optional.empty();
        }
        return cluster.brokers().stream().filter(broker -> broker.nodeId() == coordinatorId).findFirst();
    }

    /** Adds the group to the producer's transaction for TxnOffsetCommit v5; its errors are the coordinator's. */
    CompletableFuture<Void> addGroup(TransactionalId transactionalId, ProducerIdAndEpoch producer, GroupId group) {
        return retryingWhileConcurrent(() -> coordinator.addOffsets(transactionalId, producer, group,
                TransactionVersion.TV_2), 0);
    }

    private CompletableFuture<Void> retryingWhileConcurrent(Supplier<CompletableFuture<Void>> attempt, long retried) {
        return attempt.get().handle((ignored, failure) -> {
            if (failure == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            Throwable cause = FutureFailures.cause(failure);
            if (!(cause instanceof ConcurrentTransactionsException) || retried >= RETRIES) {
                return CompletableFuture.<Void>failedFuture(cause);
            }
            CompletableFuture<Void> retry = new CompletableFuture<>();
            scheduler.schedule(RETRY_BACKOFF, () -> retryingWhileConcurrent(attempt, retried + 1)
                    .whenComplete((done, again) -> {
                        if (again == null) {
                            retry.complete(null);
                        } else {
                            retry.completeExceptionally(again);
                        }
                    }));
            return retry;
        }).thenCompose(next -> next);
    }

    private static RuntimeException notInTransaction(TransactionalId transactionalId, TopicPartition partition,
                                                     TransactionSupportedOperation operation) {
        String message = "Partition " + partition + " was not added to the transaction of transactional ID "
                + transactionalId;
        return operation == TransactionSupportedOperation.DEFAULT_ERROR
                ? new InvalidTxnStateException(message) : new TransactionAbortableException(message);
    }

    /**
     * The coordinator's answer as a producer understands it on a Produce: fenced is INVALID_PRODUCER_EPOCH, and a
     * coordinator that could not answer becomes NOT_ENOUGH_REPLICAS, which older clients retry too, as in Kafka.
     */
    private static Throwable forProducer(Throwable cause) {
        if (cause instanceof ProducerFencedException) {
            return new InvalidProducerEpochException(cause.getMessage());
        }
        if (cause instanceof ConcurrentTransactionsException || cause instanceof NotCoordinatorException
                || cause instanceof CoordinatorNotAvailableException) {
            return new NotEnoughReplicasException("Unable to verify the partition has been added to the transaction: "
                    + cause.getMessage());
        }
        return cause;
    }

    private static RuntimeException asUnchecked(Throwable cause) {
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }
}
