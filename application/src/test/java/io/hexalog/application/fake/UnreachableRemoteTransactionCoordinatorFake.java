package io.hexalog.application.fake;

import io.hexalog.application.port.out.RemoteTransactionCoordinator;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** No other broker can be reached: every question fails with COORDINATOR_NOT_AVAILABLE, as a single broker's. */
public final class UnreachableRemoteTransactionCoordinatorFake implements RemoteTransactionCoordinator {

    @Override
    public CompletableFuture<Void> addPartitions(BrokerNode coordinator, TransactionalId transactionalId,
                                                 ProducerIdentity producer, Set<TopicPartition> partitions) {
        return CompletableFuture.failedFuture(new CoordinatorNotAvailableException("node " + coordinator.nodeId()
                + " cannot be reached"));
    }

    @Override
    public CompletableFuture<Set<TopicPartition>> partitionsNotInTransaction(BrokerNode coordinator,
                                                                             TransactionalId transactionalId,
                                                                             ProducerIdentity producer,
                                                                             Set<TopicPartition> partitions) {
        return CompletableFuture.failedFuture(new CoordinatorNotAvailableException("node " + coordinator.nodeId()
                + " cannot be reached"));
    }
}
