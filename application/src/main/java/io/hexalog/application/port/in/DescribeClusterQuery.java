package io.hexalog.application.port.in;

import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.cluster.MetadataQuorum;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.TopicIdPartition;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The cluster as clients see it: Metadata, DescribeCluster, DescribeQuorum. */
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

    /** Whether the brokers replicate their metadata in a log, whose quorum {@link #metadataQuorum} describes. */
    boolean hasMetadataQuorum();

    /**
     * The metadata quorum as its leader sees it; completes exceptionally where no leader answers, or there is no
     * quorum ({@link #hasMetadataQuorum}).
     */
    CompletableFuture<MetadataQuorum> metadataQuorum();
}
