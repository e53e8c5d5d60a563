package io.hexalog.application.port.in;

import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.group.GroupId;

/** Which broker coordinates a group (FindCoordinator). */
public interface FindCoordinatorQuery {

    BrokerNode groupCoordinator(GroupId group);
}
