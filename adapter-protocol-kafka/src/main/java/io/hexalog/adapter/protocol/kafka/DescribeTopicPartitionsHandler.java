package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DescribeClusterQuery;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.domain.cluster.PartitionLeadership;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.error.InvalidRequestException;
import io.hexalog.domain.error.UnknownTopicOrPartitionException;
import io.hexalog.domain.topic.Topic;
import io.hexalog.domain.topic.TopicIdPartition;
import io.hexalog.domain.topic.TopicName;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeTopicPartitions (KIP-966), which kafka-clients' AdminClient uses for describeTopics by name: the
 * asked topics (or every topic when none is named), sorted by name, with at most
 * {@code responsePartitionLimit} partitions per response (capped at Kafka's default of 2000). When the
 * limit cuts a response short, {@code nextCursor} names the topic and partition to ask for next; a cursor
 * in the request resumes there. A cursor naming a topic that was not asked for is an INVALID_REQUEST.
 */
final class DescribeTopicPartitionsHandler
        extends AbstractApiHandler<DescribeTopicPartitionsRequestData, DescribeTopicPartitionsResponseData> {

    /** Kafka's {@code max.request.partition.size.limit} default. */
    static final int MAX_PARTITIONS_PER_RESPONSE = 2000;
    private static final int OPERATIONS_NOT_REQUESTED = Integer.MIN_VALUE;

    private final DescribeTopicsQuery topics;
    private final DescribeClusterQuery cluster;

    DescribeTopicPartitionsHandler(DescribeTopicsQuery topics, DescribeClusterQuery cluster) {
        super(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, 0, 0);
        this.topics = topics;
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<DescribeTopicPartitionsResponseData> handle(RequestContext context,
                                                                         DescribeTopicPartitionsRequestData request) {
        return CompletableFuture.completedFuture(describe(request));
    }

    private DescribeTopicPartitionsResponseData describe(DescribeTopicPartitionsRequestData request) {
        TreeSet<String> names = new TreeSet<>();
        if (request.topics().isEmpty()) {
            topics.listTopics().forEach(topic -> names.add(topic.name().value()));
        } else {
            request.topics().forEach(topic -> names.add(topic.name()));
        }
        DescribeTopicPartitionsRequestData.Cursor cursor = request.cursor();
        String firstTopic = cursor == null ? null : cursor.topicName();
        if (cursor != null && !request.topics().isEmpty() && !names.contains(firstTopic)) {
            throw new InvalidRequestException("The cursor names topic '" + firstTopic + "', which was not asked for");
        }
        if (cursor != null && cursor.partitionIndex() < 0) {
            throw new InvalidRequestException("The cursor's partition index must not be negative: " + cursor.partitionIndex());
        }
        int remaining = Math.max(1, Math.min(request.responsePartitionLimit(), MAX_PARTITIONS_PER_RESPONSE));
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData();
        for (String name : firstTopic == null ? names : names.tailSet(firstTopic, true)) {
            int firstPartition = name.equals(firstTopic) ? cursor.partitionIndex() : 0;
            Topic topic;
            try {
                topic = topics.findTopic(TopicName.of(name))
                        .orElseThrow(() -> new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist"));
            } catch (HexalogException e) {
                response.topics().add(failed(name, ErrorMapping.toError(e)));
                continue;
            }
            if (remaining == 0) {
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(firstPartition));
                break;
            }
            DescribeTopicPartitionsResponseTopic described = described(topic);
            int partition = firstPartition;
            for (; partition < topic.partitionCount() && remaining > 0; partition++, remaining--) {
                described.partitions().add(partition(topic.partition(partition)));
            }
            response.topics().add(described);
            if (partition < topic.partitionCount()) {
                response.setNextCursor(new Cursor().setTopicName(name).setPartitionIndex(partition));
                break;
            }
        }
        return response;
    }

    private static DescribeTopicPartitionsResponseTopic described(Topic topic) {
        return new DescribeTopicPartitionsResponseTopic()
                .setName(topic.name().value())
                .setTopicId(TopicIds.toWire(topic.id()))
                .setIsInternal(false)
                .setTopicAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
    }

    private DescribeTopicPartitionsResponsePartition partition(TopicIdPartition partition) {
        PartitionLeadership leadership = cluster.leadership(partition);
        return new DescribeTopicPartitionsResponsePartition()
                .setPartitionIndex(partition.partition())
                .setErrorCode(ErrorMapping.forLeadership(leadership).code())
                .setLeaderId(leadership.leaderId())
                .setLeaderEpoch(ErrorMapping.leaderEpoch(leadership))
                .setReplicaNodes(leadership.replicas())
                .setIsrNodes(leadership.inSyncReplicas())
                .setEligibleLeaderReplicas(List.of())
                .setLastKnownElr(List.of())
                .setOfflineReplicas(leadership.offlineReplicas());
    }

    private static DescribeTopicPartitionsResponseTopic failed(String name, Errors error) {
        return new DescribeTopicPartitionsResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID)
                .setErrorCode(error.code()).setTopicAuthorizedOperations(OPERATIONS_NOT_REQUESTED);
    }
}
