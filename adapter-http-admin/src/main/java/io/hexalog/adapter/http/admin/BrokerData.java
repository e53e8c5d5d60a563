package io.hexalog.adapter.http.admin;

import io.hexalog.domain.cluster.BrokerNode;

/** A broker of the cluster, {@code KafkaBroker}; brokers have no rack here. */
record BrokerData(String kind, ResourceMetadata metadata, String clusterId, int brokerId, String host,
                  Integer port, String rack, Relationship configs, Relationship partitionReplicas) {

    static BrokerData of(Links links, String clusterId, BrokerNode broker) {
        String id = Integer.toString(broker.nodeId());
        return new BrokerData("KafkaBroker", new ResourceMetadata(links.cluster("brokers", id),
                links.crn("broker=" + id)), clusterId, broker.nodeId(), broker.host(), broker.port(), null,
                links.related("brokers", id, "configs"), links.related("brokers", id, "partition-replicas"));
    }
}
