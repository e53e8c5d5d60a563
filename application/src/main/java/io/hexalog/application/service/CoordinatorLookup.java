package io.hexalog.application.service;

import io.hexalog.application.port.in.FindCoordinatorQuery;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.transaction.TransactionalId;

/**
 * Names the coordinator of a group or of a transactional ID: the broker the cluster view says coordinates
 * groups (on a single node, this broker), which coordinates transactions too.
 */
public final class CoordinatorLookup implements FindCoordinatorQuery {

    private final ClusterView cluster;

    public CoordinatorLookup(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public BrokerNode groupCoordinator(GroupId group) {
        return coordinator("group " + group);
    }

    @Override
    public BrokerNode transactionCoordinator(TransactionalId transactionalId) {
        return coordinator("transactional ID " + transactionalId);
    }

    private BrokerNode coordinator(String of) {
        int coordinator = cluster.groupCoordinatorId();
        return cluster.brokers().stream()
                .filter(broker -> broker.nodeId() == coordinator)
                .findFirst()
                .orElseThrow(() -> new CoordinatorNotAvailableException(
                        "The coordinator of " + of + " is not available now"));
    }
}
