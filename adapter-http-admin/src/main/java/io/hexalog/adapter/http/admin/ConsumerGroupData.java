package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hexalog.domain.cluster.BrokerNode;

/** A consumer group, {@code KafkaConsumerGroup}: its state, assignor, coordinator and links to its consumers and lag. */
record ConsumerGroupData(String kind, ResourceMetadata metadata, String clusterId, String consumerGroupId,
                         @JsonProperty("is_simple") boolean isSimple, String partitionAssignor, String state,
                         String type, @JsonProperty("is_mixed_consumer_group") boolean isMixedConsumerGroup,
                         Relationship coordinator, Relationship consumers, Relationship lagSummary) {

    static ConsumerGroupData of(Links links, String clusterId, GroupView group, BrokerNode coordinator) {
        String id = group.groupId();
        return new ConsumerGroupData("KafkaConsumerGroup", new ResourceMetadata(links.cluster("consumer-groups", id),
                links.crn("consumer-group=" + id)), clusterId, id, group.simple(), group.partitionAssignor(),
                group.state(), group.type(), group.mixed(),
                links.related("brokers", Integer.toString(coordinator.nodeId())),
                links.related("consumer-groups", id, "consumers"),
                links.related("consumer-groups", id, "lag-summary"));
    }
}
