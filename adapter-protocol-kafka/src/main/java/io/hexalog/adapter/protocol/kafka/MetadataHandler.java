package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.AutoCreateTopicUseCase;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Metadata: brokers, cluster ID, controller, and for each asked topic its ID and partition leaders.
 * Unknown topics are created when the broker allows it and the client does not forbid it (versions before
 * 4 always allow it); a created topic is answered right away rather than with LEADER_NOT_AVAILABLE,
 * because creation is synchronous here. Version 12 adds lookup by topic ID.
 */
final class MetadataHandler extends AbstractApiHandler<MetadataRequestData, MetadataResponseData> {

    /** Kafka's "authorized operations were not requested" marker. */
    private static final int OPERATIONS_NOT_REQUESTED = Integer.MIN_VALUE;

    private final DescribeTopicsQuery topics;
    private final AutoCreateTopicUseCase autoCreate;
    private final DescribeClusterQuery cluster;
    private final Executor adminExecutor;

    MetadataHandler(DescribeTopicsQuery topics, AutoCreateTopicUseCase autoCreate, DescribeClusterQuery cluster,
                    Executor adminExecutor) {
        super(ApiKeys.METADATA, 0, 13);
        this.topics = topics;
        this.autoCreate = autoCreate;
        this.cluster = cluster;
        this.adminExecutor = adminExecutor;
    }

    @Override
    public CompletableFuture<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
        // Auto-creation writes to storage: keep it off the event loop.
        return CompletableFuture.supplyAsync(() -> describe(context.apiVersion(), request), adminExecutor);
    }

    private MetadataResponseData describe(short version, MetadataRequestData request) {
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId())
                .setClusterAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
        cluster.brokers().forEach(broker -> response.brokers().add(new MetadataResponseBroker()
                .setNodeId(broker.nodeId()).setHost(broker.host()).setPort(broker.port())));
        boolean allTopics = request.topics() == null || (version == 0 && request.topics().isEmpty());
        if (allTopics) {
            topics.listTopics().forEach(topic -> response.topics().add(describe(topic)));
        } else {
            boolean allowAutoCreate = version < 4 || request.allowAutoTopicCreation();
            request.topics().forEach(topic -> response.topics().add(describe(topic, allowAutoCreate)));
        }
        return response;
    }

    private MetadataResponseTopic describe(MetadataRequestData.MetadataRequestTopic requested, boolean allowAutoCreate) {
        // Clients asking by ID (v12+) send an empty name, not a null one.
        if (!Uuid.ZERO_UUID.equals(requested.topicId())) {
            Uuid id = requested.topicId();
            return topics.findTopic(TopicIds.fromWire(id)).map(this::describe)
                    .orElseGet(() -> failed(null, id, Errors.UNKNOWN_TOPIC_ID));
        }
        try {
            TopicName name = TopicName.of(requested.name());
            Optional<Topic> topic = allowAutoCreate ? autoCreate.findOrAutoCreate(name) : topics.findTopic(name);
            return topic.map(this::describe)
                    .orElseGet(() -> failed(requested.name(), Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        } catch (HexalogException e) {
            return failed(requested.name(), Uuid.ZERO_UUID, ErrorMapping.toError(e));
        }
    }

    private MetadataResponseTopic describe(Topic topic) {
        MetadataResponseTopic described = new MetadataResponseTopic()
                .setName(topic.name().value())
                .setTopicId(TopicIds.toWire(topic.id()))
                .setIsInternal(false)
                .setTopicAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
        for (TopicIdPartition partition : topic.partitions()) {
            PartitionLeadership leadership = cluster.leadership(partition);
            described.partitions().add(new MetadataResponsePartition()
                    .setPartitionIndex(partition.partition())
                    .setLeaderId(leadership.leaderId())
                    .setLeaderEpoch(leadership.leaderEpoch())
                    .setReplicaNodes(leadership.replicas())
                    .setIsrNodes(leadership.inSyncReplicas())
                    .setOfflineReplicas(List.of()));
        }
        return described;
    }

    private static MetadataResponseTopic failed(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic().setName(name).setTopicId(id).setErrorCode(error.code())
                .setTopicAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
    }
}
