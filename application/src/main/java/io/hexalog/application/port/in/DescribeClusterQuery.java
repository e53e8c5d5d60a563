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

    PartitionLeadership leadership(TopicIdPartition partition);
}
