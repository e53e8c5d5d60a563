package io.hexalog.application.port.out;

import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;

/**
 * The brokers of the cluster and who leads which partition. Metadata, DescribeCluster and FindCoordinator
 * read the cluster from here and nowhere else, so that a replicated mode can replace a single node.
 */
public interface ClusterView {

    String clusterId();

    /** The broker answering this request. */
    BrokerNode localBroker();

    List<BrokerNode> brokers();

    int controllerId();

    PartitionLeadership leadership(TopicIdPartition partition);
}
