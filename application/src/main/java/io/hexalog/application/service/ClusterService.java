package io.hexalog.application.service;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;

/** Answers questions about the cluster from the cluster view. */
public final class ClusterService implements DescribeClusterQuery {

    private final ClusterView cluster;

    public ClusterService(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public String clusterId() {
        return cluster.clusterId();
    }

    @Override
    public int controllerId() {
        return cluster.controllerId();
    }

    @Override
    public BrokerNode localBroker() {
        return cluster.localBroker();
    }

    @Override
    public List<BrokerNode> brokers() {
        return cluster.brokers();
    }

    @Override
    public PartitionLeadership leadership(TopicIdPartition partition) {
        return cluster.leadership(partition);
    }
}
