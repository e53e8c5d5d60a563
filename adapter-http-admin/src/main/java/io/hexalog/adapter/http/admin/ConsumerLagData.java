package io.hexalog.adapter.http.admin;

import io.hexalog.domain.group.GroupId;

/**
 * A group's lag on one partition, {@code KafkaConsumerLag}, with the consumer assigned it; empty consumer and
 * client IDs when no member is.
 */
record ConsumerLagData(String kind, ResourceMetadata metadata, String clusterId, String consumerGroupId,
                       String topicName, int partitionId, long currentOffset, long logEndOffset, long lag,
                       String consumerId, String instanceId, String clientId) {

    static ConsumerLagData of(Links links, String clusterId, GroupId group, GroupLags.PartitionLag lag,
                              GroupView.Member member) {
        String topic = lag.partition().topic().value();
        String partition = Integer.toString(lag.partition().partition());
        return new ConsumerLagData("KafkaConsumerLag", new ResourceMetadata(
                links.cluster("consumer-groups", group.value(), "lags", topic, "partitions", partition),
                links.crn("consumer-group=" + group.value(), "lag=" + topic + "/" + partition)), clusterId,
                group.value(), topic, lag.partition().partition(), lag.currentOffset(), lag.logEndOffset(), lag.lag(),
                member == null ? "" : member.memberId(),
                member == null ? null : member.instanceId().orElse(null),
                member == null ? "" : member.clientId());
    }
}
