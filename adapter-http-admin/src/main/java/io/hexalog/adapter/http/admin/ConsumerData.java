package io.hexalog.adapter.http.admin;

import io.hexalog.domain.group.GroupId;

/** A member of a consumer group, {@code KafkaConsumer}. */
record ConsumerData(String kind, ResourceMetadata metadata, String clusterId, String consumerGroupId, String consumerId,
                    String instanceId, String clientId, Relationship assignments) {

    static ConsumerData of(Links links, String clusterId, GroupId group, GroupView.Member member) {
        String id = member.memberId();
        return new ConsumerData("KafkaConsumer", new ResourceMetadata(
                links.cluster("consumer-groups", group.value(), "consumers", id),
                links.crn("consumer-group=" + group.value(), "consumer=" + id)), clusterId, group.value(), id,
                member.instanceId().orElse(null), member.clientId(),
                links.related("consumer-groups", group.value(), "consumers", id, "assignments"));
    }
}
