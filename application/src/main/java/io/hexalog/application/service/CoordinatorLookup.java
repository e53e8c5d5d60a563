package io.hexalog.application.service;

import io.hexalog.application.port.in.FindCoordinatorQuery;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.CoordinatorNotAvailableException;
import io.hexalog.domain.group.GroupId;

/**
 * Names the coordinator of a group: the broker the cluster view says coordinates groups (on a single node,
 * this broker).
 */
public final class CoordinatorLookup implements FindCoordinatorQuery {

    private final ClusterView cluster;

    public CoordinatorLookup(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public BrokerNode groupCoordinator(GroupId group) {
        int coordinator = cluster.groupCoordinatorId();
        return cluster.brokers().stream()
                .filter(broker -> broker.nodeId() == coordinator)
                .findFirst()
                .orElseThrow(() -> new CoordinatorNotAvailableException(
                        "The coordinator of group " + group + " is not available now"));
    }
}
