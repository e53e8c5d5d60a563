package io.hexalog.adapter.cluster.singlenode;

import io.hexalog.application.port.out.RemoteTransactionCoordinator;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.topic.TopicPartition;
import io.hexalog.domain.transaction.ProducerIdentity;
import io.hexalog.domain.transaction.TransactionalId;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The transaction coordinator on another broker, in a cluster of one: the broker coordinates every transaction
 * itself, so there is no other broker to reach, and a question for one fails as one that cannot be reached would.
 */
public final class SingleNodeRemoteTransactionCoordinator implements RemoteTransactionCoordinator {

    @Override
    public CompletableFuture<Void> addPartitions(BrokerNode coordinator, TransactionalId transactionalId,
                                                 ProducerIdentity producer, Set<TopicPartition> partitions) {
        return CompletableFuture.failedFuture(unreachable(coordinator));
    }

    @Override
    public CompletableFuture<Set<TopicPartition>> partitionsNotInTransaction(BrokerNode coordinator,
                                                                             TransactionalId transactionalId,
                                                                             ProducerIdentity producer,
                                                                             Set<TopicPartition> partitions) {
        return CompletableFuture.failedFuture(unreachable(coordinator));
    }

    private static CoordinatorNotAvailableException unreachable(BrokerNode coordinator) {
        return new CoordinatorNotAvailableException("A single broker reaches no other broker, such as node "
                + coordinator.nodeId());
    }
}
