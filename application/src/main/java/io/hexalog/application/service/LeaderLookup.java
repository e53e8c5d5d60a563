package io.hexalog.application.service;

import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.NotLeaderOrFollowerException;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.concurrent.CompletableFuture;

/** The broker that leads a partition, for the services that send another broker what only its leader does. */
final class LeaderLookup {

    private LeaderLookup() {
    }

    /**
     * @return completes with the leader the cluster names now; fails with a {@link NotLeaderOrFollowerException}
     *         while it names none (an election), or names one it does not list
     */
    static CompletableFuture<BrokerNode> leaderOf(ClusterView cluster, TopicIdPartition partition) {
        int leaderId = cluster.leadership(partition).leaderId();
        if (leaderId != PartitionLeadership.NO_LEADER) {
            for (BrokerNode broker : cluster.brokers()) {
                if (broker.nodeId() == leaderId) {
                    return CompletableFuture.completedFuture(broker);
                }
            }
        }
        return CompletableFuture.failedFuture(new NotLeaderOrFollowerException(
                "Partition " + partition + " has no leader now; ask again once the cluster has elected one"));
    }
}
