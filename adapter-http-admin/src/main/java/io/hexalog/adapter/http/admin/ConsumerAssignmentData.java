package io.hexalog.adapter.http.admin;

import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicPartition;

/** One partition assigned to a consumer, {@code KafkaConsumerAssignment}. */
record ConsumerAssignmentData(String kind, ResourceMetadata metadata, String clusterId, String consumerGroupId,
                              String consumerId, String topicName, int partitionId, Relationship partition,
                              Relationship lag) {

    static ConsumerAssignmentData of(Links links, String clusterId, GroupId group, String consumerId,
                                     TopicPartition assigned) {
        String topic = assigned.topic().value();
        String partition = Integer.toString(assigned.partition());
        return new ConsumerAssignmentData("KafkaConsumerAssignment", new ResourceMetadata(
                links.cluster("consumer-groups", group.value(), "consumers", consumerId, "assignments", topic,
                        "partitions", partition),
                links.crn("consumer-group=" + group.value(), "consumer=" + consumerId, "assignment=" + topic + "/"
                        + partition)), clusterId, group.value(), consumerId, topic, assigned.partition(),
                links.related("topics", topic, "partitions", partition),
                links.related("consumer-groups", group.value(), "lags", topic, "partitions", partition));
    }
}
