package io.hexalog.application.port.out;

import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The transaction coordinator of a cluster where it runs on another broker, as a partition's leader reaches it
 * before appending the first transactional batch of a producer's transaction (KIP-890): to add the partition to the
 * transaction of a producer of transaction version 2, or to check that a producer of version 1 added it. Kafka's
 * brokers send each other AddPartitionsToTxn, versions 4 and later, for this.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li>Never blocks the caller: the future completes on the adapter's threads.</li>
 *   <li>A call that reaches the coordinator completes as the coordinator answers it, its error as the
 *       {@link io.hexalog.domain.error.HexalogException} of that Kafka error (NOT_COORDINATOR as a
 *       {@link io.hexalog.domain.error.NotCoordinatorException}, CONCURRENT_TRANSACTIONS as a
 *       {@link io.hexalog.domain.error.ConcurrentTransactionsException}, PRODUCER_FENCED as a
 *       {@link io.hexalog.domain.error.ProducerFencedException}, ...).</li>
 *   <li>A call that cannot reach it (no connection, or no answer within the adapter's request timeout) fails with a
 *       {@link io.hexalog.domain.error.CoordinatorNotAvailableException}: the caller may try again, and nothing is known to have changed.</li>
 * </ul>
 */
public interface RemoteTransactionCoordinator {

    /**
     * Adds the partitions to the producer's transaction, for a producer of transaction version 2.
     *
     * @param coordinator the broker coordinating the transaction
     * @return completes once the coordinator has added them
     */
    CompletableFuture<Void> addPartitions(BrokerNode coordinator, TransactionalId transactionalId,
                                          ProducerIdentity producer, Set<TopicPartition> partitions);

    /**
     * Which of the partitions are not in the producer's ongoing transaction, for a producer of transaction version 1
     * that added them itself; the coordinator changes nothing.
     *
     * @return completes with those not in the transaction, empty if all are
     */
    CompletableFuture<Set<TopicPartition>> partitionsNotInTransaction(BrokerNode coordinator,
                                                                      TransactionalId transactionalId,
                                                                      ProducerIdentity producer,
                                                                      Set<TopicPartition> partitions);
}
