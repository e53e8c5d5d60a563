package io.hexalog.adapter.http.admin;

import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.Topic;

/**
 * A replica of a partition, {@code KafkaReplica}: the broker holding it, whether that broker leads the partition,
 * and whether the replica is among the partition's in-sync replicas.
 */
record ReplicaData(String kind, ResourceMetadata metadata, String clusterId, String topicName, int partitionId,
                   int brokerId, boolean isLeader, boolean isInSync, Relationship broker) {

    static ReplicaData of(Links links, String clusterId, Topic topic, int partition, int brokerId,
                          PartitionLeadership leadership) {
        String name = topic.name().value();
        String id = Integer.toString(partition);
        String broker = Integer.toString(brokerId);
        return new ReplicaData("KafkaReplica", new ResourceMetadata(
                links.cluster("topics", name, "partitions", id, "replicas", broker),
                links.crn("topic=" + name, "partition=" + id, "replica=" + broker)), clusterId, name, partition,
                brokerId, leadership.leaderId() == brokerId, leadership.inSyncReplicas().contains(brokerId),
                links.related("brokers", broker));
    }
}
