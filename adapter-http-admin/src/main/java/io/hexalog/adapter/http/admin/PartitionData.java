package io.hexalog.adapter.http.admin;

import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.topic.Topic;

/**
 * A partition of a topic, {@code KafkaPartition}, linking to the broker that leads it.
 *
 * @param beginningOffset extension: the log start offset
 * @param endOffset       extension: the high watermark, the offset the next record will get once committed
 */
record PartitionData(String kind, ResourceMetadata metadata, String clusterId, String topicName, int partitionId,
                     Relationship leader, Relationship replicas, Relationship reassignment, long beginningOffset,
                     long endOffset) {

    static PartitionData of(Links links, String clusterId, Topic topic, int partition, PartitionLeadership leadership,
                            PartitionOffsets offsets) {
        String name = topic.name().value();
        String id = Integer.toString(partition);
        return new PartitionData("KafkaPartition", new ResourceMetadata(links.cluster("topics", name, "partitions", id),
                links.crn("topic=" + name, "partition=" + id)), clusterId, name, partition,
                links.related("brokers", Integer.toString(leadership.leaderId())),
                links.related("topics", name, "partitions", id, "replicas"),
                links.related("topics", name, "partitions", id, "reassignment"), offsets.beginning(), offsets.end());
    }
}
