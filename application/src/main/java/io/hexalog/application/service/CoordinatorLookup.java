package io.hexalog.application.service;

import io.hexalog.application.port.in.FindCoordinatorQuery;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.group.GroupId;

/** Names the coordinator of a group: on a single node, this broker coordinates every group. */
public final class CoordinatorLookup implements FindCoordinatorQuery {

    private final ClusterView cluster;

    public CoordinatorLookup(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public BrokerNode groupCoordinator(GroupId group) {
        return cluster.localBroker();
    }
}
