package io.hexalog.adapter.http.admin;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.domain.cluster.BrokerNode;
import io.hexalog.domain.error.InvalidTopicException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicName;
import io.javalin.http.Context;

/**
 * Resolves the path parameters every resource shares, answering 404 for a cluster, broker, topic or
 * partition that does not exist: {@code cluster_id}, {@code broker_id}, {@code topic_name},
 * {@code partition_id}.
 */
final class ClusterScope {

    private final DescribeClusterQuery cluster;
    private final DescribeTopicsQuery topics;

    ClusterScope(DescribeClusterQuery cluster, DescribeTopicsQuery topics) {
        this.cluster = cluster;
        this.topics = topics;
    }

    /** The links of the cluster named in the path; 404 if it is not this one. */
    Links cluster(Context ctx) {
        String clusterId = ctx.pathParam("cluster_id");
        if (!clusterId.equals(cluster.clusterId())) {
            throw ApiException.notFound("Cluster " + clusterId + " cannot be found.");
        }
        return Links.of(ctx, clusterId);
    }

    BrokerNode broker(Context ctx) {
        String brokerId = ctx.pathParam("broker_id");
        return cluster.brokers().stream()
                .filter(broker -> Integer.toString(broker.nodeId()).equals(brokerId))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Broker " + brokerId + " cannot be found."));
    }

    Topic topic(Context ctx) {
        return topicNamed(ctx.pathParam("topic_name"));
    }

    /** The partition named in the path, of {@code topic}. */
    int partition(Context ctx, Topic topic) {
        String partitionId = ctx.pathParam("partition_id");
        int partition;
        try {
            partition = Integer.parseInt(partitionId);
        } catch (NumberFormatException e) {
            throw unknownPartition(topic, partitionId);
        }
        if (!topic.hasPartition(partition)) {
            throw unknownPartition(topic, partitionId);
        }
        return partition;
    }

    /** The topic of that name; 404 if there is none. */
    Topic topicNamed(String name) {
        TopicName topicName;
        try {
            topicName = TopicName.of(name);
        } catch (InvalidTopicException e) {
            // A name no topic can have names no topic: not found, as for any other unknown name.
            throw unknownTopic(name);
        }
        return topics.findTopic(topicName).orElseThrow(() -> unknownTopic(name));
    }

    private static ApiException unknownTopic(String name) {
        return new ApiException(404, ApiException.UNKNOWN_TOPIC_OR_PARTITION,
                "This server does not host this topic-partition: topic " + name + " does not exist.");
    }

    private static ApiException unknownPartition(Topic topic, String partitionId) {
        return new ApiException(404, ApiException.UNKNOWN_TOPIC_OR_PARTITION,
                "This server does not host this topic-partition: topic " + topic.name().value()
                        + " has no partition " + partitionId + ".");
    }
}
