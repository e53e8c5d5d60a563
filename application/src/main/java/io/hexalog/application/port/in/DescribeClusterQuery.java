package io.hexalog.application.port.in;

import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;

/** The cluster as clients see it: Metadata, DescribeCluster. */
public interface DescribeClusterQuery {

    String clusterId();

    int controllerId();

    /** The broker answering this request. */
    BrokerNode localBroker();

    List<BrokerNode> brokers();

    /**
     * Who leads the partition. When a failed write took this broker's replica offline, the replica is among
     * the offline replicas and out of the in-sync replicas, and the partition has no leader until the replica
     * comes back online (Kafka answers the same for a replica in an offline log directory).
     */
    PartitionLeadership leadership(TopicIdPartition partition);
}
