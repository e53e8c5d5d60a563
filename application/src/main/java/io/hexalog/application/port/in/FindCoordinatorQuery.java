package io.hexalog.application.port.in;

import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.transaction.TransactionalId;

/** Which broker coordinates a group or a transactional ID (FindCoordinator). */
public interface FindCoordinatorQuery {

    BrokerNode groupCoordinator(GroupId group);

    /** The broker coordinating the transactions of a transactional ID: the one coordinating groups. */
    BrokerNode transactionCoordinator(TransactionalId transactionalId);
}
