package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.AutoCreateTopicUseCase;
import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.InvalidRequestException;
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

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata: brokers, cluster ID, controller, and for each asked topic its ID and partition leaders.
 * Unknown topics are created when the broker allows it and the client does not forbid it (versions before
 * 4 always allow it), one after the other in request order; a created topic is answered as created rather
 * than with LEADER_NOT_AVAILABLE, because the answer waits for its creation. Version 12 adds lookup by topic
 * ID. Topics that exist are answered at once, from memory. A topic with neither name nor ID fails the request
 * with INVALID_REQUEST.
 */
final class MetadataHandler extends AbstractApiHandler<MetadataRequestData, MetadataResponseData> {

    /** Kafka's "authorized operations were not requested" marker. */
    private static final int OPERATIONS_NOT_REQUESTED = Integer.MIN_VALUE;

    private final DescribeTopicsQuery topics;
    private final AutoCreateTopicUseCase autoCreate;
    private final DescribeClusterQuery cluster;

    MetadataHandler(DescribeTopicsQuery topics, AutoCreateTopicUseCase autoCreate, DescribeClusterQuery cluster) {
        super(ApiKeys.METADATA, 0, 13);
        this.topics = topics;
        this.autoCreate = autoCreate;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
        short version = context.apiVersion();
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId())
                .setClusterAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
        cluster.brokers().forEach(broker -> response.brokers().add(new MetadataResponseBroker()
                .setNodeId(broker.nodeId()).setHost(broker.host()).setPort(broker.port())));
        boolean allTopics = request.topics() == null || (version == 0 && request.topics().isEmpty());
        if (allTopics) {
            topics.listTopics().forEach(topic -> response.topics().add(describe(topic)));
            return CompletableFuture.completedFuture(response);
        }
        checkEveryTopicIsNamed(request, version);
        boolean allowAutoCreate = version < 4 || request.allowAutoTopicCreation();
        return Futures.inOrder(request.topics(), requested -> describe(requested, allowAutoCreate)
                        .thenAccept(response.topics()::add))
                .thenApply(done -> response);
    }

    /**
     * A topic asked for by neither name nor ID fails the whole request with INVALID_REQUEST, as Kafka fails a
     * null name before version 12 (where it cannot be asked for by ID).
     */
    private static void checkEveryTopicIsNamed(MetadataRequestData request, short version) {
        for (MetadataRequestData.MetadataRequestTopic requested : request.topics()) {
            if (requested.name() == null && (version < 12 || Uuid.ZERO_UUID.equals(requested.topicId()))) {
                throw new InvalidRequestException(version < 12
                        ? "Topic name can not be null for version " + version
                        : "A topic is asked for with neither a name nor an ID");
            }
        }
    }

    private CompletableFuture<MetadataResponseTopic> describe(MetadataRequestData.MetadataRequestTopic requested,
                                                              boolean allowAutoCreate) {
        // Clients asking by ID (v12+) send an empty name, not a null one.
        if (!Uuid.ZERO_UUID.equals(requested.topicId())) {
            Uuid id = requested.topicId();
            return CompletableFuture.completedFuture(topics.findTopic(TopicIds.fromWire(id)).map(this::describe)
                    .orElseGet(() -> failed(null, id, Errors.UNKNOWN_TOPIC_ID)));
        }
        return Futures.attempt(() -> find(TopicName.of(requested.name()), allowAutoCreate))
                .handle((topic, failure) -> failure != null
                        ? failed(requested.name(), Uuid.ZERO_UUID, ErrorMapping.toError(failure))
                        : topic.map(this::describe).orElseGet(() ->
                                failed(requested.name(), Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION)));
    }

    private CompletableFuture<Optional<Topic>> find(TopicName name, boolean allowAutoCreate) {
        return allowAutoCreate ? autoCreate.findOrAutoCreate(name) : CompletableFuture.completedFuture(topics.findTopic(name));
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
                    .setErrorCode(ErrorMapping.forLeadership(leadership).code())
                    .setLeaderId(leadership.leaderId())
                    .setLeaderEpoch(ErrorMapping.leaderEpoch(leadership))
                    .setReplicaNodes(leadership.replicas())
                    .setIsrNodes(leadership.inSyncReplicas())
                    .setOfflineReplicas(leadership.offlineReplicas()));
        }
        return described;
    }

    private static MetadataResponseTopic failed(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic().setName(name).setTopicId(id).setErrorCode(error.code())
                .setTopicAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
    }
}
