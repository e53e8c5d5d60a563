package io.hexalog.adapter.http.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hexalog.domain.topic.Topic;

/** A topic, {@code KafkaTopic}. */
record TopicData(String kind, ResourceMetadata metadata, String clusterId, String topicName,
                 @JsonProperty("is_internal") boolean isInternal, int replicationFactor, int partitionsCount,
                 Relationship partitions, Relationship configs, Relationship partitionReassignments) {

    static TopicData of(Links links, String clusterId, Topic topic, int replicationFactor) {
        String name = topic.name().value();
        return new TopicData("KafkaTopic", new ResourceMetadata(links.cluster("topics", name),
                links.crn("topic=" + name)), clusterId, name, topic.name().isInternal(), replicationFactor,
                topic.partitionCount(), links.related("topics", name, "partitions"),
                links.related("topics", name, "configs"),
                links.related("topics", name, "partitions", "-", "reassignment"));
    }
}
