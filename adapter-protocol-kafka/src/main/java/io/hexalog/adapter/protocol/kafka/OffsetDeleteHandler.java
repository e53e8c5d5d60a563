package io.hexalog.adapter.protocol.kafka;

import io.hexalog.application.port.in.DeleteGroupsUseCase;
import io.hexalog.application.port.in.DescribeTopicsQuery;
import io.hexalog.domain.error.HexalogException;
import io.hexalog.domain.group.GroupId;
import io.hexalog.domain.topic.TopicName;
import io.hexalog.domain.topic.TopicPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetDelete (KIP-496): removes a group's offsets of some partitions, except of topics its consumers
 * subscribe to (GROUP_SUBSCRIBED_TO_TOPIC); partitions that do not exist get UNKNOWN_TOPIC_OR_PARTITION.
 */
final class OffsetDeleteHandler extends AbstractApiHandler<OffsetDeleteRequestData, OffsetDeleteResponseData> {

    private final DeleteGroupsUseCase groups;
    private final DescribeTopicsQuery topics;

    OffsetDeleteHandler(DeleteGroupsUseCase groups, DescribeTopicsQuery topics) {
        super(ApiKeys.OFFSET_DELETE, 0, 0);
        this.groups = groups;
        this.topics = topics;
    }

    @Override
    public CompletableFuture<OffsetDeleteResponseData> handle(RequestContext context, OffsetDeleteRequestData request) {
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        Map<TopicPartition, OffsetDeleteResponsePartition> existing = new LinkedHashMap<>();
        request.topics().forEach(topic -> {
            OffsetDeleteResponseTopic topicAnswer = new OffsetDeleteResponseTopic().setName(topic.name());
            response.topics().add(topicAnswer);
            topic.partitions().forEach(partition -> {
                OffsetDeleteResponsePartition answer = new OffsetDeleteResponsePartition()
                        .setPartitionIndex(partition.partitionIndex());
                topicAnswer.partitions().add(answer);
                if (exists(topic.name(), partition.partitionIndex())) {
                    existing.put(new TopicPartition(TopicName.of(topic.name()), partition.partitionIndex()), answer);
                } else {
                    answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                }
            });
        });
        return Futures.attempt(() -> groups.deleteOffsets(GroupId.of(request.groupId()), existing.keySet()))
                .handle((results, failure) -> {
                    if (failure != null) {
                        response.setErrorCode(ErrorMapping.toError(failure).code());
                        response.topics().clear();
                    } else {
                        results.forEach((partition, error) -> existing.get(partition)
                                .setErrorCode(error.map(ErrorMapping::toError).orElse(Errors.NONE).code()));
                    }
                    return response;
                });
    }

    private boolean exists(String topic, int partition) {
        try {
            return topics.findTopic(TopicName.of(topic)).filter(found -> found.hasPartition(partition)).isPresent();
        } catch (HexalogException e) {
            return false;
        }
    }
}
