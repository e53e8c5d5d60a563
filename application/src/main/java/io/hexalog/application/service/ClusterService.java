package io.hexalog.application.service;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.out.ClusterView;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.MetadataQuorum;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers questions about the cluster from the cluster view, and tells which of this broker's partitions a
 * failed write took offline.
 */
public final class ClusterService implements DescribeClusterQuery {

    private final ClusterView cluster;
    private final PartitionRegistry partitions;

    /** @param partitions the partitions this broker hosts, asked which are offline */
    public ClusterService(ClusterView cluster, PartitionRegistry partitions) {
        this.cluster = cluster;
        this.partitions = partitions;
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
        PartitionLeadership leadership = cluster.leadership(partition);
        return partitions.isOffline(partition)
                ? leadership.withReplicaOffline(cluster.localBroker().nodeId())
                : leadership;
    }

    @Override
    public boolean hasMetadataQuorum() {
        return cluster.hasMetadataQuorum();
    }

    @Override
    public CompletableFuture<MetadataQuorum> metadataQuorum() {
        return cluster.metadataQuorum();
    }
}
