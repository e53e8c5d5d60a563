package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.DescribeClusterQuery;

/** A Kafka cluster, {@code KafkaCluster}. */
record ClusterData(String kind, ResourceMetadata metadata, String clusterId, Relationship controller,
                   Relationship acls, Relationship brokers, Relationship brokerConfigs,
                   Relationship consumerGroups, Relationship topics, Relationship partitionReassignments) {

    static ClusterData of(Links links, DescribeClusterQuery cluster) {
        return new ClusterData("KafkaCluster", new ResourceMetadata(links.cluster(), links.crn()),
                cluster.clusterId(), links.related("brokers", Integer.toString(cluster.controllerId())),
                links.related("acls"), links.related("brokers"), links.related("broker-configs"),
                links.related("consumer-groups"), links.related("topics"),
                links.related("topics", "-", "partitions", "-", "reassignment"));
    }
}
